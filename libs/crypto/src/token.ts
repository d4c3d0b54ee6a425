import { randomBytes } from 'node:crypto';

/** 32 random bytes, base64url without padding: always 43 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh 256-bit token for a magic link. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cheap shape check before any hashing or database work. */
export function isWellFormedToken(s: unknown): s is string {
  return typeof s === 'string' && TOKEN_PATTERN.test(s);
}
