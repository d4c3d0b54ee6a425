import { decodeCursor, encodeCursor, toPage } from './cursor';

const uuid = '0b8e8f7c-9f0e-4a51-8d36-1c7a1f3c2d10';
const b64 = (s: string) => Buffer.from(s).toString('base64url');

describe('cursor', () => {
  it('round-trips microseconds and the id', () => {
    const c = { createdAt: '2030-01-01T00:00:00.000123Z', id: uuid };
    expect(decodeCursor(encodeCursor(c), 'uuid')).toEqual(c);
    expect(decodeCursor(encodeCursor({ createdAt: c.createdAt, id: '42' }), 'bigint')).toEqual({ createdAt: c.createdAt, id: '42' });
  });

  it('is absent when not given', () => {
    expect(decodeCursor(undefined, 'uuid')).toBeUndefined();
    expect(decodeCursor('', 'uuid')).toBeUndefined();
  });

  it.each([
    ['garbage', 'garbage'],
    ['millisecond timestamp', b64(`2030-01-01T00:00:00.000Z|${uuid}`)],
    ['not a timestamp', b64(`nope|${uuid}`)],
    ['impossible date', b64(`2030-13-45T00:00:00.000000Z|${uuid}`)],
    ['not a uuid', b64('2030-01-01T00:00:00.000000Z|not-a-uuid')],
    ['uuid where a number is due', b64(`2030-01-01T00:00:00.000000Z|${uuid}`), 'bigint'],
    ['negative number', b64('2030-01-01T00:00:00.000000Z|-1'), 'bigint'],
    ['extra field', b64(`2030-01-01T00:00:00.000000Z|${uuid}|x`)],
  ] as const)('refuses %s', (_name, cursor, format: 'uuid' | 'bigint' = 'uuid') => {
    expect(() => decodeCursor(cursor, format)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });

  it('pages: one row more than the limit means a next cursor from the last row shown', () => {
    const rows = [3, 2, 1].map((n) => ({ id: n, cursor_ts: `2030-01-01T00:00:00.00000${n}Z` }));
    const page = toPage(rows, 2, (r) => r.id);
    expect(page.data).toEqual([3, 2]);
    expect(decodeCursor(page.next_cursor!, 'bigint')).toEqual({ createdAt: '2030-01-01T00:00:00.000002Z', id: '2' });
    expect(toPage(rows.slice(0, 2), 2, (r) => r.id).next_cursor).toBeNull();
  });
});
