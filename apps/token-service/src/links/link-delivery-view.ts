import type { DeliveryChannel } from '@sesame/domain';
import type { LinkDeliveryView } from '@sesame/messaging';

export interface LinkDeliveryRow {
  id: string;
  channel: DeliveryChannel;
  to_address: string;
  status: string;
  provider: string | null;
  provider_message_id: string | null;
  attempts: number;
  sent_at: Date | null;
  last_error: string | null;
  last_event: string | null;
  last_event_at: Date | null;
  /** json_agg output: timestamps arrive as strings in the session's time zone. */
  events: Array<{ event: string; occurred_at: string; data: Record<string, unknown> | null }>;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toLinkDeliveryView(r: LinkDeliveryRow): LinkDeliveryView {
  return {
    id: r.id,
    channel: r.channel,
    to: r.to_address,
    status: r.status,
    provider: r.provider,
    provider_message_id: r.provider_message_id,
    attempts: r.attempts,
    sent_at: iso(r.sent_at),
    last_error: r.last_error,
    last_event: r.last_event,
    last_event_at: iso(r.last_event_at),
    events: r.events.map((e) => ({ event: e.event, occurred_at: new Date(e.occurred_at).toISOString(), data: e.data ?? {} })),
  };
}
