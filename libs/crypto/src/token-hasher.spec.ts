import { createHmac } from 'node:crypto';
import { TokenHasher } from './token-hasher';
import { generateToken } from './token';

const OLD = `k1:${'a'.repeat(32)}`;
const NEW = `k2:${'b'.repeat(32)}`;

describe('TokenHasher', () => {
  const token = generateToken();

  it('is HMAC-SHA-256 under the first secret (32 bytes) and deterministic', () => {
    const h = new TokenHasher([NEW, OLD]);
    const expected = createHmac('sha256', 'b'.repeat(32)).update(token).digest();
    expect(h.hash(token)).toEqual(expected);
    expect(h.hash(token)).toHaveLength(32);
    expect(h.hash(token).equals(new TokenHasher([NEW]).hash(token))).toBe(true);
    expect(h.currentKeyId).toBe('k2');
  });

  it('differs per key and per token', () => {
    expect(new TokenHasher([OLD]).hash(token).equals(new TokenHasher([NEW]).hash(token))).toBe(false);
    expect(new TokenHasher([OLD]).hash(token).equals(new TokenHasher([OLD]).hash(generateToken()))).toBe(false);
  });

  it('offers candidates under every key, current first, so rotated links are still found', () => {
    const beforeRotation = new TokenHasher([OLD]).hash(token);
    const afterRotation = new TokenHasher([NEW, OLD]);
    const candidates = afterRotation.candidates(token);
    expect(candidates).toHaveLength(2);
    expect(candidates[0].equals(afterRotation.hash(token))).toBe(true);
    expect(candidates.some((c) => c.equals(beforeRotation))).toBe(true);
  });

  it.each([[[]], [['nocolon']], [['k1:short']]])('rejects bad peppers %p', (peppers) => {
    expect(() => new TokenHasher(peppers)).toThrow();
  });
});
