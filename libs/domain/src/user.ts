import { SesameError } from './errors';
import { ATTRIBUTE_NAME } from './policy/users.section';

/** `disabled`: the user gets no link, and a link already sent cannot be used. */
export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A user's free-form attributes: at most this many keys, this many bytes as JSON. */
export const MAX_USER_ATTRIBUTES = 50;
export const MAX_USER_ATTRIBUTES_BYTES = 8 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges a patch into a user's attributes key by key (RFC 7396 at the top level): a key with
 * null is removed, any other value replaces the old one whole.
 */
export function mergeAttributes(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Throws 400 `validation_failed` with `details.issues` unless the attributes are storable. */
export function validateAttributes(attributes: unknown): Record<string, unknown> {
  if (!isObject(attributes)) throw new SesameError('validation_failed', 'attributes must be a JSON object');
  const issues: { path: string; message: string }[] = [];
  const keys = Object.keys(attributes);
  if (keys.length > MAX_USER_ATTRIBUTES) issues.push({ path: 'attributes', message: `at most ${MAX_USER_ATTRIBUTES} attributes` });
  for (const k of keys) {
    if (!ATTRIBUTE_NAME.test(k)) issues.push({ path: `attributes.${k}`, message: 'must be an attribute name (letters, digits, _ . -; at most 64)' });
  }
  if (Buffer.byteLength(JSON.stringify(attributes)) > MAX_USER_ATTRIBUTES_BYTES) {
    issues.push({ path: 'attributes', message: `at most ${MAX_USER_ATTRIBUTES_BYTES} bytes as JSON` });
  }
  if (issues.length) {
    throw new SesameError('validation_failed', `Invalid attributes: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
  }
  return attributes;
}
