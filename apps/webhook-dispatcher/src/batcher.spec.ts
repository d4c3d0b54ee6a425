import { Batcher } from './batcher';

describe('Batcher', () => {
  it('runs the calls of one tick as one batch and hands each caller its own result', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      return xs.map((x) => x * 2);
    });
    const results = await Promise.all([1, 2, 3].map((x) => b.add(x)));
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
    await b.add(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('splits at maxSize and rejects every caller of a failed batch', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      if (xs.includes(3)) throw new Error('db down');
      return xs;
    }, 2);
    const settled = await Promise.allSettled([1, 2, 3].map((x) => b.add(x)));
    expect(batches).toEqual([[1, 2], [3]]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });
});
