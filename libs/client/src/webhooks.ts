import { Webhook } from 'standardwebhooks';

/** What a Sesame webhook's body holds (Standard Webhooks; JSON Schema per type in docs/events/). */
export interface WebhookEvent<Data = Record<string, unknown>> {
  /** `magiclink.created`, `magiclink.email.sent`, `user.created`, … or `webhook.ping`. */
  type: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: Data;
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** The signature, timestamp or body did not check out: answer 4xx and do not act on the body. */
export class WebhookVerificationError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'WebhookVerificationError';
  }
}

/**
 * Checks a delivery's `webhook-signature` against the endpoint's `whsec_…` secret and returns its
 * event. Pass the body exactly as received (the raw bytes or string, not re-serialised JSON: the
 * signature covers those bytes) and the request's headers (Node's `req.headers` or a fetch
 * `Headers`). A timestamp more than 5 minutes from now is refused, which stops replays.
 *
 * While a secret is rotated Sesame signs with the old and the new one for 24 h; pass both
 * (`[current, previous]`) if your receiver may hold either.
 */
export function verifyWebhook<Data = Record<string, unknown>>(secret: string | readonly string[], headers: WebhookHeaders, body: string | Uint8Array): WebhookEvent<Data> {
  const flat = flatten(headers);
  const payload = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  let last: unknown;
  for (const s of secrets) {
    try {
      return new Webhook(s).verify(payload, flat) as WebhookEvent<Data>;
    } catch (err) {
      last = err;
    }
  }
  throw new WebhookVerificationError(`Webhook not verified: ${(last as Error | undefined)?.message ?? 'no secret given'}`, last);
}

function flatten(headers: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, name) => (out[name.toLowerCase()] = value));
    return out;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
