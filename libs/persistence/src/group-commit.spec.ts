import { Batcher } from './group-commit';

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

  it('gathers calls made while the batches in flight run, and splits at maxSize', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const b = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      if (batches.length === 1) await gate;
      return xs;
    }, 2, 1);
    const first = b.add(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4, 5, 6].map((x) => b.add(x));
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([[1]]); // one in flight at most: the others wait together
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('rejects every caller of a failed batch and goes on with the next', async () => {
    const b = new Batcher<number, number>(async (xs) => {
      if (xs.includes(3)) throw new Error('db down');
      return xs;
    });
    const settled = await Promise.allSettled([3, 4].map((x) => b.add(x)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    await expect(b.add(5)).resolves.toBe(5);
  });
});
