import { randomBytes } from 'node:crypto';
import { sha256Hex } from './hash';

/** `sk_` + base64url of 32 random bytes (43 characters). */
export const API_KEY_PATTERN = /^sk_[A-Za-z0-9_-]{43}$/;
export const API_KEY_PREFIX_LENGTH = 10;

/** A new API key and its display prefix (first 10 characters, e.g. `sk_AbCdEfG`). Store only hashApiKey(key). */
export function generateApiKey(): { key: string; prefix: string } {
  const key = `sk_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX_LENGTH) };
}

/** What is stored and looked up: SHA-256 hex (the key has 256 bits of entropy, no pepper needed). */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

export function isWellFormedApiKey(s: unknown): s is string {
  return typeof s === 'string' && API_KEY_PATTERN.test(s);
}
