import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryEventName, DeliveryEventReport, deliveryWebhookEvent, LinkType } from '@sesame/domain';
import { recordEvent } from '@sesame/persistence';

export interface AppliedEvents {
  applied: number;
  duplicates: number;
  /** Reports naming no email delivery of their tenant (unknown, purged, or another tenant's id). */
  unmatched: number;
  /** The reports applied (not duplicates), for counting by event. */
  events: readonly DeliveryEventName[];
}

interface DeliveryRow {
  id: string;
  tenant_id: string;
  to_address: string;
  link_id: string;
  type: LinkType;
  user_id: string;
}

/** The email deliveries named by (tenant, delivery) pairs, with what the webhook events say about their link. */
const DELIVERIES_SQL = `
SELECT d.id, d.tenant_id, d.to_address, l.id AS link_id, l.type, l.user_id
FROM unnest($1::uuid[], $2::uuid[]) AS r(tenant_id, id)
JOIN mail_deliveries d ON d.tenant_id = r.tenant_id AND d.id = r.id AND d.channel = 'email'
JOIN magic_links l ON l.tenant_id = d.tenant_id AND l.id = d.link_id`;

/** A provider's retry of an event hits one of the two unique indexes and is skipped. */
const INSERT_SQL = `
INSERT INTO mail_delivery_events (tenant_id, delivery_id, event, provider_event_id, occurred_at, data)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])
ON CONFLICT DO NOTHING
RETURNING delivery_id, event, occurred_at`;

/** The latest report wins; one that arrives late (an older time) leaves it alone. */
const LAST_EVENT_SQL = `
UPDATE mail_deliveries d SET last_event = v.event, last_event_at = v.at, updated_at = now()
FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS v(tenant_id, id, event, at)
WHERE d.tenant_id = v.tenant_id AND d.id = v.id AND (d.last_event_at IS NULL OR d.last_event_at <= v.at)`;

/** Provider reports about email deliveries: recorded once each, the latest on the delivery, webhook events through the outbox. */
@Injectable()
export class DeliveryEventRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** The verification key of the tenant's own SendGrid account (its email provider's `event_public_key`). */
  async sendGridPublicKey(tenantId: string): Promise<string | null> {
    const rows: { key: string | null }[] = await this.db.query(
      `SELECT settings->>'event_public_key' AS key FROM mail_providers WHERE tenant_id = $1 AND channel = 'email' AND kind = 'sendgrid'`,
      [tenantId],
    );
    return rows[0]?.key ?? null;
  }

  /**
   * One transaction: new reports are inserted (a report seen before is a duplicate), each
   * delivery's last event moves forward, and each new delivered, bounce, dropped or deferred
   * report emits its webhook event. A report is applied only to a delivery of its own tenant.
   */
  async apply(reports: readonly DeliveryEventReport[], provider: string): Promise<AppliedEvents> {
    if (reports.length === 0) return { applied: 0, duplicates: 0, unmatched: 0, events: [] };
    return this.db.transaction(async (m) => {
      const deliveries = await this.deliveries(m, reports);
      const matched = reports.filter((r) => deliveries.has(pairKey(r.tenantId, r.deliveryId)));
      const inserted = await this.insert(m, matched);
      await this.moveLastEvent(m, inserted);
      for (const r of inserted) {
        const d = deliveries.get(pairKey(r.tenantId, r.deliveryId))!;
        const event = deliveryWebhookEvent(r, { link_id: d.link_id, type: d.type, user_id: d.user_id, email: d.to_address, delivery_id: d.id, provider });
        if (event) await recordEvent(m, d.tenant_id, event.type, event.data, r.occurredAt);
      }
      return { applied: inserted.length, duplicates: matched.length - inserted.length, unmatched: reports.length - matched.length, events: inserted.map((r) => r.event) };
    });
  }

  private async deliveries(m: EntityManager, reports: readonly DeliveryEventReport[]): Promise<Map<string, DeliveryRow>> {
    const pairs = [...new Map(reports.map((r) => [pairKey(r.tenantId, r.deliveryId), r])).values()];
    const rows: DeliveryRow[] = await m.query(DELIVERIES_SQL, [pairs.map((r) => r.tenantId), pairs.map((r) => r.deliveryId)]);
    return new Map(rows.map((row) => [pairKey(row.tenant_id, row.id), row]));
  }

  /** The reports that were new, in batch order. */
  private async insert(m: EntityManager, reports: readonly DeliveryEventReport[]): Promise<DeliveryEventReport[]> {
    if (reports.length === 0) return [];
    const rows: { delivery_id: string; event: string; occurred_at: Date }[] = await m.query(INSERT_SQL, [
      reports.map((r) => r.tenantId),
      reports.map((r) => r.deliveryId),
      reports.map((r) => r.event),
      reports.map((r) => r.providerEventId),
      reports.map((r) => r.occurredAt.toISOString()),
      reports.map((r) => JSON.stringify(r.data)),
    ]);
    // (delivery, event, time) is unique among inserted rows; the first report with it is the one inserted.
    const fresh = new Set(rows.map((row) => naturalKey(row.delivery_id, row.event, row.occurred_at)));
    return reports.filter((r) => fresh.delete(naturalKey(r.deliveryId, r.event, r.occurredAt)));
  }

  private async moveLastEvent(m: EntityManager, inserted: readonly DeliveryEventReport[]): Promise<void> {
    const latest = new Map<string, DeliveryEventReport>();
    for (const r of inserted) {
      const key = pairKey(r.tenantId, r.deliveryId);
      const seen = latest.get(key);
      if (!seen || seen.occurredAt <= r.occurredAt) latest.set(key, r);
    }
    if (latest.size === 0) return;
    const rs = [...latest.values()];
    await m.query(LAST_EVENT_SQL, [rs.map((r) => r.tenantId), rs.map((r) => r.deliveryId), rs.map((r) => r.event), rs.map((r) => r.occurredAt.toISOString())]);
  }
}

function pairKey(tenantId: string, deliveryId: string): string {
  return `${tenantId}/${deliveryId}`;
}

function naturalKey(deliveryId: string, event: string, at: Date): string {
  return `${deliveryId}/${event}/${at.getTime()}`;
}
