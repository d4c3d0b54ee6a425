import { findUnsafeInput, INPUT_LIMITS, inputProblemError, unsafeCharacter } from './input-safety';

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe('input safety', () => {
  describe('unsafeCharacter', () => {
    it.each([
      ['U+0000', 'a\u0000b', 'nul'],
      ['a lone high surrogate', 'a\uD800b', 'lone_surrogate'],
      ['a lone high surrogate at the end', 'abc\uDBFF', 'lone_surrogate'],
      ['a lone low surrogate', 'a\uDC00b', 'lone_surrogate'],
      ['a lone low surrogate at the start', '\uDFFFabc', 'lone_surrogate'],
      ['two high surrogates', '\uD83D\uD83D', 'lone_surrogate'],
      ['a reversed pair', '\uDE00\uD83D', 'lone_surrogate'],
    ])('refuses %s', (_name, s, kind) => {
      expect(unsafeCharacter(s)).toBe(kind);
    });

    it.each([
      ['plain ASCII', 'alice@example.com'],
      ['an emoji (a valid pair)', 'party 🎉 time'],
      ['a valid pair written as escapes', '\uD83D\uDE00'],
      ['several astral characters in a row', '𝒜𝒷𝒸😀🏳️‍🌈'],
      ['accents and CJK', 'Zoë 東京'],
      ['U+FFFD and other controls', '\uFFFD\u0001\t\n'],
      ['the empty string', ''],
    ])('accepts %s', (_name, s) => {
      expect(unsafeCharacter(s)).toBeUndefined();
    });
  });

  describe('findUnsafeInput', () => {
    it('names the path of a nested string', () => {
      expect(findUnsafeInput({ email: 'a@b.c', context_data: { note: 'x\u0000' } })).toEqual({ kind: 'nul', field: 'context_data.note' });
      expect(findUnsafeInput({ attributes: { tags: ['ok', 'ok', '\uD800'] } })).toEqual({ kind: 'lone_surrogate', field: 'attributes.tags.2' });
    });

    it('checks keys, and names them printably', () => {
      const problem = findUnsafeInput({ context_data: { 'k\u0000': 'v' } });
      expect(problem).toEqual({ kind: 'nul', field: 'context_data.k\uFFFD' });
      expect(findUnsafeInput({ ['\uDC00']: 1 })).toEqual({ kind: 'lone_surrogate', field: '\uFFFD' });
    });

    it('accepts a realistic body with emoji everywhere', () => {
      expect(findUnsafeInput({ email: 'zoë@example.com', context_data: { greeting: 'hi 👋' }, attributes: { list: ['🎉', { deep: '😀' }] } })).toBeUndefined();
    });

    it('ignores numbers, booleans, null and non-plain objects such as a raw Buffer body', () => {
      expect(findUnsafeInput({ a: 1, b: true, c: null })).toBeUndefined();
      expect(findUnsafeInput(Buffer.from('\u0000'))).toBeUndefined();
      expect(findUnsafeInput(undefined)).toBeUndefined();
    });

    it('walks null-prototype objects (a parsed query string)', () => {
      const query = Object.assign(Object.create(null) as object, { q: '\u0000' });
      expect(findUnsafeInput(query)).toEqual({ kind: 'nul', field: 'q' });
    });

    it('refuses nesting past the depth limit and accepts it at the limit', () => {
      expect(findUnsafeInput(nested(INPUT_LIMITS.maxDepth))).toBeUndefined();
      expect(findUnsafeInput(nested(INPUT_LIMITS.maxDepth + 1))?.kind).toBe('depth');
    });

    it('stops at the depth limit without recursing through a huge nesting', () => {
      const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
      expect(findUnsafeInput(deep)?.kind).toBe('depth');
    });

    it('refuses an array past the length limit and accepts one at it', () => {
      expect(findUnsafeInput({ list: new Array(INPUT_LIMITS.maxArrayLength).fill(1) })).toBeUndefined();
      expect(findUnsafeInput({ list: new Array(INPUT_LIMITS.maxArrayLength + 1).fill(1) })).toEqual({ kind: 'array_length', field: 'list' });
    });

    it('refuses a string past the length limit', () => {
      expect(findUnsafeInput({ s: 'x'.repeat(INPUT_LIMITS.maxStringLength + 1) })).toEqual({ kind: 'string_length', field: 's' });
      expect(findUnsafeInput({ s: 'x'.repeat(INPUT_LIMITS.maxStringLength) })).toBeUndefined();
    });

    it('takes custom limits', () => {
      expect(findUnsafeInput([[1]], { maxDepth: 1, maxArrayLength: 10, maxStringLength: 10 })?.kind).toBe('depth');
    });
  });

  describe('inputProblemError', () => {
    it('answers a character problem as validation_failed naming the field', () => {
      const err = inputProblemError({ kind: 'nul', field: 'email' });
      expect(err.code).toBe('validation_failed');
      expect(err.status).toBe(400);
      expect(err.details).toEqual({ fields: [{ field: 'email', message: 'email must not contain the character U+0000' }] });
    });

    it('answers the depth limit as malformed_json', () => {
      const err = inputProblemError({ kind: 'depth', field: 'a.0.0' });
      expect(err.code).toBe('malformed_json');
      expect(err.status).toBe(400);
    });

    it('names the body itself when the value at the root is the problem', () => {
      expect(inputProblemError({ kind: 'array_length', field: '' }).details).toEqual({ fields: [{ field: 'body', message: expect.stringContaining('1000') }] });
    });
  });
});
