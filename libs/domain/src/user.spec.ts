import { MAX_USER_ATTRIBUTES, mergeAttributes, validateAttributes } from './user';

describe('user attributes', () => {
  it('merges key by key; null removes a key; values replace whole', () => {
    expect(mergeAttributes({ a: 1, b: { x: 1 }, c: 'keep' }, { a: null, b: { y: 2 }, d: [1] })).toEqual({ b: { y: 2 }, c: 'keep', d: [1] });
  });

  it('does not change what it was given', () => {
    const current = { a: 1 };
    mergeAttributes(current, { a: null });
    expect(current).toEqual({ a: 1 });
  });

  it('accepts JSON values of any kind under attribute names', () => {
    const attrs = { work_email: 'a@b.test', 'dept.code': 7, tags: ['x'], nested: { ok: true }, empty: null };
    expect(validateAttributes(attrs)).toBe(attrs);
  });

  it.each([
    ['not an object', [1], 'attributes', 'JSON object'],
    ['a bad key', { 'bad key': 1 }, 'attributes.bad key', 'attribute name'],
    ['too many keys', Object.fromEntries(Array.from({ length: MAX_USER_ATTRIBUTES + 1 }, (_, i) => [`k${i}`, i])), 'attributes', 'at most 50'],
    ['too large', { big: 'x'.repeat(9000) }, 'attributes', 'bytes'],
  ])('refuses %s', (_name, value, path, message) => {
    try {
      validateAttributes(value);
      throw new Error('expected a refusal');
    } catch (err) {
      const e = err as { code: string; message: string; details?: { issues: { path: string; message: string }[] } };
      expect(e.code).toBe('validation_failed');
      if (e.details) expect(e.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(message) })]));
      else expect(e.message).toContain(message);
    }
  });
});
