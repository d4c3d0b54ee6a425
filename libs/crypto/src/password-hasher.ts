import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id (`Algorithm.Argon2id`; the package's enum is `const`, so its value is spelled out). */
const ARGON2ID = 2;

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). Hashes are PHC strings, so older
 * parameters keep verifying after these change.
 */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False (never a throw) for a wrong password or a malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified when the user has no password (or does not exist), so a
 * wrong password costs the same time whether or not the account exists.
 */
let dummy: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hash(randomBytes(24).toString('base64url'), OPTIONS);
  return dummy;
}
