import { KeyObject, createHmac, createSecretKey } from 'node:crypto';
import { parsePeppers } from './peppers';

/**
 * HMAC-SHA-256 of link tokens under the pepper. The first pepper hashes new tokens; `candidates`
 * gives the hash under every pepper so a lookup (`WHERE token_hash = ANY($1)`) still finds links
 * created before a rotation.
 */
export class TokenHasher {
  /** Key ids, newest first. */
  readonly keyIds: readonly string[];
  private readonly keys: readonly KeyObject[];

  constructor(peppers: string[]) {
    const parsed = parsePeppers(peppers);
    this.keyIds = Object.freeze(parsed.map((p) => p.keyId));
    this.keys = Object.freeze(parsed.map((p) => createSecretKey(Buffer.from(p.secret, 'utf8'))));
  }

  get currentKeyId(): string {
    return this.keyIds[0];
  }

  /** HMAC under the current (first) pepper: 32 bytes. */
  hash(token: string): Buffer {
    return hmac(this.keys[0], token);
  }

  /** HMAC under every pepper, current first. */
  candidates(token: string): Buffer[] {
    return this.keys.map((key) => hmac(key, token));
  }
}

function hmac(key: KeyObject, token: string): Buffer {
  if (typeof token !== 'string') throw new TypeError('token must be a string');
  return createHmac('sha256', key).update(token, 'utf8').digest();
}
