import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets derived from a link's token, so that nothing but the token has to be stored or sealed:
 * the mail-worker, which opens the sealed token to write the email, derives the same fallback
 * code, and the hosted page derives the redirect code without writing anything (a GET never
 * changes state). Knowing a derived value does not reveal the token (SHA-256 is one-way), and
 * neither can be computed without the token.
 */
const FALLBACK_CODE_INFO = 'sesame/fallback-code/v1:';
const REDIRECT_CODE_INFO = 'sesame/redirect-code/v1:';

/** Codes a same-browser redirect hands to the app start with this, so the exchange knows where to look. */
export const REDIRECT_CODE_PREFIX = 'rc_';
export const REDIRECT_CODE_PATTERN = /^rc_[A-Za-z0-9_-]{43}$/;
export const FALLBACK_CODE_PATTERN = /^[0-9]{6}$/;

/** The 6-digit code printed in the email next to the link. */
export function deriveFallbackCode(token: string): string {
  const n = createHash('sha256').update(FALLBACK_CODE_INFO + token, 'utf8').digest().readUInt32BE(0);
  return String(n % 1_000_000).padStart(6, '0');
}

/** The code the hosted page appends to the redirect when the browser that asked opens the link. */
export function deriveRedirectCode(token: string): string {
  return REDIRECT_CODE_PREFIX + createHash('sha256').update(REDIRECT_CODE_INFO + token, 'utf8').digest('base64url');
}

/** What a fallback code is hashed as: bound to its request, so equal codes of two requests hash apart. */
export function fallbackCodeMaterial(requestId: string, code: string): string {
  return `${requestId}:${code}`;
}

/** Unambiguous characters (no 0/O, 1/I/L) for the match code people compare between two screens. */
const MATCH_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A short code shown on the asking screen and on the confirm page, e.g. `K7P-4QX`. Not a secret. */
export function generateMatchCode(): string {
  const pick = () => MATCH_ALPHABET[randomInt(MATCH_ALPHABET.length)];
  return `${pick()}${pick()}${pick()}-${pick()}${pick()}${pick()}`;
}

/** Constant-time: is `presented` among `candidates` (hashes under every pepper) equal to `stored`? */
export function matchesAnyHash(candidates: readonly Buffer[], stored: Buffer | null): boolean {
  if (!stored) return false;
  let found = false;
  for (const c of candidates) {
    if (c.length === stored.length && timingSafeEqual(c, stored)) found = true;
  }
  return found;
}
