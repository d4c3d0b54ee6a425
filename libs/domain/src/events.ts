/** Webhook event types, as integrators subscribe to them. */
export const EVENT_TYPES = [
  'magiclink.created',
  'magiclink.email.sent',
  'magiclink.email.delivered',
  'magiclink.email.bounced',
  'magiclink.email.dropped',
  'magiclink.email.deferred',
  'magiclink.sms.sent',
  'magiclink.consumed',
  'magiclink.expired',
  'magiclink.revoked',
  'magiclink.verification_failed',
  'user.created',
  'user.updated',
  'user.deleted',
  'registration.completed',
  'policy.updated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** The body of every webhook: `{ type, timestamp, data }`. Never carries a token or code. */
export interface WebhookEvent<T = Record<string, unknown>> {
  type: EventType;
  timestamp: string;
  data: T;
}
