import { KeyObject, createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes } from 'node:crypto';
import { parsePeppers } from './peppers';

const VERSION = 1;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const HKDF_INFO = 'sesame/seal/v1';

/**
 * AES-256-GCM for data that must be stored but read back later (e.g. a token waiting for its
 * email). One key per pepper, HKDF-SHA-256(secret, salt = empty, info = 'sesame/seal/v1').
 *
 * Sealed format: [version=1][keyId length][keyId utf8][12-byte IV][16-byte tag][ciphertext].
 * The header (version, length, keyId) is authenticated as additional data.
 */
export class Sealer {
  /** Key ids, newest first; `seal` uses the first. */
  readonly keyIds: readonly string[];
  private readonly keys: ReadonlyMap<string, KeyObject>;

  constructor(peppers: string[]) {
    const parsed = parsePeppers(peppers);
    this.keyIds = Object.freeze(parsed.map((p) => p.keyId));
    this.keys = new Map(
      parsed.map((p) => [p.keyId, createSecretKey(Buffer.from(hkdfSync('sha256', Buffer.from(p.secret, 'utf8'), Buffer.alloc(0), HKDF_INFO, 32)))]),
    );
  }

  seal(plaintext: string): Buffer {
    if (typeof plaintext !== 'string') throw new TypeError('plaintext must be a string');
    const keyId = this.keyIds[0];
    const header = headerFor(keyId);
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(keyId) as KeyObject, iv, { authTagLength: TAG_LENGTH });
    cipher.setAAD(header);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
  }

  open(sealed: Buffer): string {
    if (!Buffer.isBuffer(sealed) || sealed.length < 2) throw new Error('Sealed data is malformed');
    if (sealed[0] !== VERSION) throw new Error(`Sealed data has unknown version ${sealed[0]}`);
    const keyIdLength = sealed[1];
    const headerLength = 2 + keyIdLength;
    if (keyIdLength === 0 || sealed.length < headerLength + IV_LENGTH + TAG_LENGTH) throw new Error('Sealed data is malformed');
    const keyId = sealed.subarray(2, headerLength).toString('utf8');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`Sealed data uses unknown key "${keyId.replace(/[^A-Za-z0-9_-]/g, '?')}"`);
    const iv = sealed.subarray(headerLength, headerLength + IV_LENGTH);
    const tag = sealed.subarray(headerLength + IV_LENGTH, headerLength + IV_LENGTH + TAG_LENGTH);
    const ciphertext = sealed.subarray(headerLength + IV_LENGTH + TAG_LENGTH);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
    decipher.setAAD(sealed.subarray(0, headerLength));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Sealed data failed authentication (tampered or wrong key)');
    }
  }
}

function headerFor(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  return Buffer.concat([Buffer.from([VERSION, id.length]), id]);
}
