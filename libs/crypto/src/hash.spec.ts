import { sha256Hex, timingSafeEqualString } from './hash';

describe('sha256Hex', () => {
  it('matches the known vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('timingSafeEqualString', () => {
  it.each([
    ['equal', 'abc', 'abc', true],
    ['empty', '', '', true],
    ['different', 'abc', 'abd', false],
    ['length mismatch', 'abc', 'abcd', false],
    ['empty vs non-empty', '', 'a', false],
    ['non-ASCII', 'é', 'é', true],
  ])('%s', (_name, a, b, expected) => {
    expect(timingSafeEqualString(a, b)).toBe(expected);
  });

  it('returns false instead of throwing on non-strings', () => {
    expect(timingSafeEqualString(undefined as unknown as string, 'a')).toBe(false);
  });
});
