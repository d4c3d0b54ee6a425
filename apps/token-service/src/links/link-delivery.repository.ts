import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LinkDeliveryRow } from './link-delivery-view';

/** Provider events kept per delivery in a view: opens and clicks can repeat without bound. */
export const EVENTS_PER_DELIVERY = 100;

/** A link's deliveries and their provider events, in one statement; scoped by tenant id. */
@Injectable()
export class LinkDeliveryRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Newest first, each with its latest events (newest first). */
  async forLink(tenantId: string, linkId: string): Promise<LinkDeliveryRow[]> {
    return this.db.query(
      `SELECT d.id, d.channel, d.to_address, d.status, d.provider, d.provider_message_id, d.attempts, d.sent_at, d.last_error,
              d.last_event, d.last_event_at,
              COALESCE((SELECT json_agg(json_build_object('event', e.event, 'occurred_at', e.occurred_at, 'data', e.data)
                                        ORDER BY e.occurred_at DESC, e.id DESC)
                        FROM (SELECT id, event, occurred_at, data FROM mail_delivery_events
                              WHERE tenant_id = $1 AND delivery_id = d.id
                              ORDER BY occurred_at DESC, id DESC LIMIT $3) e), '[]'::json) AS events
       FROM mail_deliveries d
       WHERE d.tenant_id = $1 AND d.link_id = $2
       ORDER BY d.created_at DESC, d.id DESC`,
      [tenantId, linkId, EVENTS_PER_DELIVERY],
    );
  }
}
