import { SesameError } from './errors';
import type { EventData } from './events';
import type { LinkType } from './link-type';

/**
 * SendGrid's Signed Event Webhook verification key as its settings page shows it: base64 of the
 * DER SubjectPublicKeyInfo of a P-256 key. The fixed prefix is that DER header (id-ecPublicKey,
 * prime256v1, BIT STRING, uncompressed point 0x04); 64 bytes of coordinates follow.
 */
const SENDGRID_EVENT_PUBLIC_KEY = /^MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE[A-Za-z0-9+/]{86}==$/;

export function isSendGridEventPublicKey(value: unknown): value is string {
  return typeof value === 'string' && SENDGRID_EVENT_PUBLIC_KEY.test(value);
}

/** What a provider reported about a delivery (mail_delivery_events.event, mail_deliveries.last_event). */
export const DELIVERY_EVENTS = ['delivered', 'bounce', 'dropped', 'deferred', 'open', 'click'] as const;
export type DeliveryEventName = (typeof DELIVERY_EVENTS)[number];

/** SendGrid's event names we record. processed, spamreport, unsubscribe, group_* are not tracked. */
const SENDGRID_EVENTS: Readonly<Record<string, DeliveryEventName>> = {
  delivered: 'delivered',
  bounce: 'bounce',
  dropped: 'dropped',
  deferred: 'deferred',
  open: 'open',
  click: 'click',
};

/** The webhook event a newly recorded event emits; opens and clicks are recorded only. */
export const DELIVERY_WEBHOOK_EVENTS = {
  delivered: 'magiclink.email.delivered',
  bounce: 'magiclink.email.bounced',
  dropped: 'magiclink.email.dropped',
  deferred: 'magiclink.email.deferred',
} as const;

/**
 * Fields of a SendGrid event kept in `data`: the provider's reason, SMTP status and response, the
 * bounce type (bounce or blocked) and classification, the deferral attempt. Never the message, the
 * clicked URL (it would be the magic link), the recipient's IP or user agent.
 */
const KEPT_FIELDS = ['reason', 'status', 'response', 'type', 'bounce_classification', 'attempt'] as const;
const MAX_DETAIL = 500;
const MAX_REASON = 64;
const MAX_ID = 255;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One SendGrid event about one of our deliveries, as reported (not yet matched against the database). */
export interface DeliveryEventReport {
  event: DeliveryEventName;
  /** The `sesame_delivery_id` and `sesame_tenant_id` custom args the send carried (SendGrid echoes them). */
  deliveryId: string;
  tenantId: string;
  /** `sg_event_id`: the same event sent again carries the same id. */
  providerEventId: string | null;
  /** `sg_message_id`: the X-Message-Id the send was answered with, then `.filter…`. */
  providerMessageId: string | null;
  occurredAt: Date;
  data: Record<string, string>;
}

export interface SendGridEventBatch {
  reports: DeliveryEventReport[];
  /** Events we do not track (processed, spamreport, …) or that lack an event name or time. */
  ignored: number;
  /** Tracked events without our custom args: not sent by Sesame, cannot be matched. */
  unmatched: number;
}

/** Parses a verified Event Webhook body (a JSON array of events). */
export function parseSendGridEvents(raw: string): SendGridEventBatch {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new SesameError('malformed_json', 'The request body is not valid JSON');
  }
  if (!Array.isArray(body)) throw new SesameError('validation_failed', 'The body must be a JSON array of SendGrid events');
  const batch: SendGridEventBatch = { reports: [], ignored: 0, unmatched: 0 };
  for (const item of body) {
    const e = isObject(item) ? item : {};
    const event = typeof e.event === 'string' && Object.hasOwn(SENDGRID_EVENTS, e.event) ? SENDGRID_EVENTS[e.event] : undefined;
    const seconds = e.timestamp;
    if (!event || typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
      batch.ignored++;
      continue;
    }
    if (!isUuid(e.sesame_delivery_id) || !isUuid(e.sesame_tenant_id)) {
      batch.unmatched++;
      continue;
    }
    batch.reports.push({
      event,
      deliveryId: e.sesame_delivery_id.toLowerCase(),
      tenantId: e.sesame_tenant_id.toLowerCase(),
      providerEventId: idOf(e.sg_event_id),
      providerMessageId: idOf(e.sg_message_id),
      occurredAt: new Date(Math.floor(seconds) * 1000),
      data: keptFields(e),
    });
  }
  return batch;
}

/** What the webhook events say about the delivery's link (the event schemas in docs/events). */
export interface DeliveryLinkRef {
  link_id: string;
  type: LinkType;
  user_id: string;
  email: string;
  delivery_id: string;
  provider: string;
}

export type DeliveryWebhookEvent =
  | { type: 'magiclink.email.delivered'; data: EventData<'magiclink.email.delivered'> }
  | { type: 'magiclink.email.bounced'; data: EventData<'magiclink.email.bounced'> }
  | { type: 'magiclink.email.dropped'; data: EventData<'magiclink.email.dropped'> }
  | { type: 'magiclink.email.deferred'; data: EventData<'magiclink.email.deferred'> };

/** The webhook event a report emits, or null for opens and clicks. */
export function deliveryWebhookEvent(report: Pick<DeliveryEventReport, 'event' | 'data'>, ref: DeliveryLinkRef): DeliveryWebhookEvent | null {
  const d = report.data;
  switch (report.event) {
    case 'delivered':
      return { type: DELIVERY_WEBHOOK_EVENTS.delivered, data: { ...ref } };
    case 'bounce':
      // SendGrid's `type` says bounce (permanent) or blocked (temporary); `reason` is the server's answer.
      return { type: DELIVERY_WEBHOOK_EVENTS.bounce, data: { ...ref, reason: clip(d.type || 'bounce', MAX_REASON), detail: d.reason ?? null } };
    case 'dropped':
      // `reason` is short ("Bounced Address", "Unsubscribed Address"); kept whole in detail only when it had to be cut.
      return {
        type: DELIVERY_WEBHOOK_EVENTS.dropped,
        data: { ...ref, reason: clip(d.reason || 'dropped', MAX_REASON), detail: d.reason && d.reason.length > MAX_REASON ? d.reason : null },
      };
    case 'deferred':
      return { type: DELIVERY_WEBHOOK_EVENTS.deferred, data: { ...ref, reason: 'deferred', detail: d.response ?? d.reason ?? null } };
    default:
      return null;
  }
}

function keptFields(e: Record<string, unknown>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const key of KEPT_FIELDS) {
    const v = e[key];
    if ((typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v))) data[key] = clip(String(v), MAX_DETAIL);
  }
  return data;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID.test(v);
}

function idOf(v: unknown): string | null {
  return typeof v === 'string' && v !== '' && v.length <= MAX_ID ? v : null;
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}
