import { createHash } from 'node:crypto';
import { API_KEY_PATTERN, generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key';

describe('api keys', () => {
  it('are sk_ + 43 base64url characters with a 10-character display prefix', () => {
    const { key, prefix } = generateApiKey();
    expect(key).toMatch(API_KEY_PATTERN);
    expect(key).toHaveLength(46);
    expect(prefix).toBe(key.slice(0, 10));
    expect(prefix.startsWith('sk_')).toBe(true);
    expect(isWellFormedApiKey(key)).toBe(true);
  });

  it('do not repeat', () => {
    expect(new Set(Array.from({ length: 1000 }, () => generateApiKey().key)).size).toBe(1000);
  });

  it('hash to SHA-256 hex', () => {
    const { key } = generateApiKey();
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(['sk_short', `pk_${'a'.repeat(43)}`, `sk_${'a'.repeat(43)} `, 5])('rejects malformed %p', (value) => {
    expect(isWellFormedApiKey(value)).toBe(false);
  });
});
