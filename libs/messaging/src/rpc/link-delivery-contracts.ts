import type { DeliveryChannel } from '@sesame/domain';
import type { LinkView } from './rpc-contracts';

/** What the provider reported about one delivery (SendGrid Event Webhook: delivered, bounce, open, …). */
export interface LinkDeliveryEventView {
  event: string;
  occurred_at: string;
  /** The provider's reason, status or response; never the message. */
  data: Record<string, unknown>;
}

/** One email or text message sent for a link, with its provider events, newest first. */
export interface LinkDeliveryView {
  id: string;
  channel: DeliveryChannel;
  /** The email address or E.164 number it went to. */
  to: string;
  /** `queued`, `sending`, `sent`, `failed` or `skipped` (the link was used, revoked or expired, or its user disabled, before it went). */
  status: string;
  /** `sendgrid`, `smtp`, `twilio`, `outbox`; null until a transport took it. */
  provider: string | null;
  provider_message_id: string | null;
  attempts: number;
  sent_at: string | null;
  last_error: string | null;
  last_event: string | null;
  last_event_at: string | null;
  /** At most the latest 100. */
  events: LinkDeliveryEventView[];
}

/** `GET /v1/magic-links/{id}`: the link and its delivery history, newest first. */
export interface LinkDetailView extends LinkView {
  deliveries: LinkDeliveryView[];
}
