/** One entry of TOKEN_PEPPER: `keyId:secret`. */
export interface Pepper {
  keyId: string;
  secret: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
export const MIN_PEPPER_SECRET_LENGTH = 32;

/**
 * Parses `keyId:secret` entries (newest first). Throws on an empty list, a malformed entry, a
 * secret shorter than MIN_PEPPER_SECRET_LENGTH or a duplicate key id. Messages never include secrets.
 */
export function parsePeppers(peppers: readonly string[]): Pepper[] {
  if (!Array.isArray(peppers) || peppers.length === 0) throw new Error('At least one pepper (keyId:secret) is required');
  const seen = new Set<string>();
  return peppers.map((entry, i) => {
    const at = typeof entry === 'string' ? entry.indexOf(':') : -1;
    if (at === -1) throw new Error(`Pepper #${i + 1} must have the form keyId:secret`);
    const keyId = entry.slice(0, at);
    const secret = entry.slice(at + 1);
    if (!KEY_ID.test(keyId)) throw new Error(`Pepper #${i + 1}: key id must be 1-16 letters, digits, - or _`);
    if (secret.length < MIN_PEPPER_SECRET_LENGTH) {
      throw new Error(`Pepper "${keyId}": secret must be at least ${MIN_PEPPER_SECRET_LENGTH} characters`);
    }
    if (seen.has(keyId)) throw new Error(`Pepper "${keyId}" is listed twice`);
    seen.add(keyId);
    return { keyId, secret };
  });
}
