import { createHmac, randomBytes } from 'node:crypto';

/** Standard Webhooks 1.0 signing (https://www.standardwebhooks.com). */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * The `webhook-signature` header value: `v1,` + base64 HMAC-SHA-256 over `${msgId}.${timestamp}.${body}`,
 * keyed with the base64-decoded secret (without the `whsec_` prefix).
 */
export function signWebhook(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new Error('timestampSeconds must be a non-negative integer');
  if (typeof msgId !== 'string' || msgId === '') throw new Error('msgId must be a non-empty string');
  const key = decodeSecret(secret);
  const signature = createHmac('sha256', key).update(`${msgId}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${signature}`;
}

/**
 * The header with one signature per secret, space-separated (Standard Webhooks 1.0, "Webhook
 * headers"): during a rotation both the new and the old secret sign, and a receiver holding either
 * verifies.
 */
export function signWebhookWithAll(secrets: readonly string[], msgId: string, timestampSeconds: number, body: string): string {
  if (secrets.length === 0) throw new Error('at least one secret is needed');
  return secrets.map((s) => signWebhook(s, msgId, timestampSeconds, body)).join(' ');
}

/** `msg_` + 24 base64url characters (18 random bytes): a `webhook-id`, the same on every attempt. */
export function newWebhookMessageId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`;
}

function decodeSecret(secret: string): Buffer {
  const b64 = typeof secret === 'string' && secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) {
    throw new Error('Webhook secret must be whsec_ followed by base64');
  }
  return Buffer.from(b64, 'base64');
}
