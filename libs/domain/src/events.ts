import type { ContextData } from './context-data';
import type { LinkType } from './link-type';
import type { UserStatus } from './user';

/**
 * Webhook event types, as integrators subscribe to them. Each has a JSON Schema in
 * docs/events/<type>.json and a payload type below; a spec validates emitted events against both.
 */
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
  'user.password_reset',
  'auth_flow.completed',
  'policy.updated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Sent only by `POST /v1/webhook-endpoints/{id}/test`, whatever the endpoint subscribes to. */
export const PING_EVENT_TYPE = 'webhook.ping';
export type PingEventType = typeof PING_EVENT_TYPE;

/** A body must stay under this many bytes (UTF-8); policy.updated is bounded to respect it. */
export const MAX_EVENT_BYTES = 20 * 1024;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** How a link was consumed: by the app's backend through the API, or on the hosted confirm page. */
export type ConsumedVia = 'api' | 'hosted_page';

interface LinkRef {
  link_id: string;
  type: LinkType;
  user_id: string;
}

/** One changed field of a policy: its dotted path and the top-level section it belongs to. */
export interface PolicyChange {
  path: string;
  section: string;
}

/**
 * The `data` of each event. Ids, addresses, types and reasons only: never a token, code,
 * secret or a whole document. Emitters must produce exactly these fields (the schemas forbid others).
 */
export interface EventPayloads {
  /** `email` is null for a user created by phone (Passage), as in every user event below. */
  'magiclink.created': LinkRef & { email: string | null };
  /** Entrust's event: the link type, the destination address and the user id. */
  'magiclink.email.sent': LinkRef & { email: string; delivery_id: string };
  'magiclink.email.delivered': LinkRef & { email: string; delivery_id: string; provider?: string };
  'magiclink.email.bounced': LinkRef & {
    email: string;
    delivery_id: string;
    provider?: string;
    /** `bounce` (permanent), `dropped`, `blocked` (temporary), `spam_report`, … as the provider says. */
    reason: string;
    /** The provider's explanation, truncated to 500 characters. */
    detail?: string | null;
  };
  /** The provider dropped the email without trying (SendGrid `dropped`): reason as the provider gives it. */
  'magiclink.email.dropped': LinkRef & { email: string; delivery_id: string; provider?: string; reason: string; detail?: string | null };
  /** The receiving server deferred the email; the provider keeps trying. */
  'magiclink.email.deferred': LinkRef & { email: string; delivery_id: string; provider?: string; reason: string; detail?: string | null };
  /** The sms provider accepted the text carrying the link (channel sms). */
  'magiclink.sms.sent': LinkRef & { phone: string; delivery_id: string };
  'magiclink.consumed': LinkRef & { via: ConsumedVia };
  'magiclink.expired': LinkRef & { expired_at: string };
  'magiclink.revoked': LinkRef;
  /** `reason` is the error code the caller got: expired, used, revoked, user_disabled, binding_mismatch, invalid_token. */
  'magiclink.verification_failed': { link_id: string; reason: string };
  'user.created': { user_id: string; email: string | null; status: UserStatus };
  /** `changes`: the names of the fields that changed (attributes as `attributes.<key>`). */
  'user.updated': { user_id: string; email: string | null; status: UserStatus; changes: string[] };
  'user.deleted': { user_id: string; email: string | null };
  /**
   * A registration completed: Auth Armor's magiclink_email registration validated (`new_user` created,
   * or `existing_user` gained the address; `registration_id`), or a registration link used (`link_id`);
   * with the `context_data` it was started with (values keep their JSON types).
   */
  'registration.completed':
    | { user_id: string; email: string; registration_id: string; registration_type: 'new_user' | 'existing_user'; context_data: ContextData | null }
    | { user_id: string; email: string | null; link_id: string; registration_type: 'registration_link'; context_data: ContextData | null };
  /** A password_reset link was used: a new password chosen on the hosted page, or a reset grant completed. */
  'user.password_reset': { user_id: string; email: string | null; method: 'hosted_page' | 'reset_grant'; password_stored: boolean };
  /** The login link of an auth flow was consumed (emitted by the link-consumed trigger). */
  'auth_flow.completed': { flow_id: string; application_id: string; user_id: string };
  /**
   * What changed, never the whole policy: `sections` that changed and up to MAX_POLICY_CHANGES
   * changed `changes` paths (`truncated` when there were more). Read the policy with GET /v1/policy.
   */
  'policy.updated': { sections: string[]; changes: PolicyChange[]; truncated: boolean };
  'webhook.ping': { endpoint_id: string; message: string };
}

export type EventData<T extends EventType | PingEventType> = EventPayloads[T];

/** The body of every webhook: `{ type, timestamp, data }`. Never carries a token or code. */
export interface WebhookEvent<T = Record<string, unknown>> {
  type: EventType | PingEventType;
  timestamp: string;
  data: T;
}

/** A typed event, for emitters: `webhookEvent('registration.completed', { ... })`. */
export function webhookEvent<T extends EventType | PingEventType>(type: T, data: EventData<T>, at = new Date()): WebhookEvent<EventData<T>> {
  return { type, timestamp: at.toISOString(), data };
}

export const MAX_POLICY_CHANGES = 50;

/** The bounded `policy.updated` payload from the changed paths of a policy diff. */
export function policyUpdatedData(paths: readonly string[]): EventData<'policy.updated'> {
  const sections = [...new Set(paths.map((p) => p.split('.')[0]))];
  const changes = paths.slice(0, MAX_POLICY_CHANGES).map((path) => ({ path: path.slice(0, 200), section: path.split('.')[0] }));
  return { sections, changes, truncated: paths.length > MAX_POLICY_CHANGES };
}
