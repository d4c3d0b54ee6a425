import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WebhookDeliveryStatus } from '@sesame/persistence';

/** A delivery with what sending it needs from its endpoint. */
export interface DeliveryToSend {
  id: string;
  status: WebhookDeliveryStatus;
  body: string;
  endpointId: string;
  url: string | null;
  sealedSecret: Buffer | null;
  /** null when the endpoint row is gone. */
  endpointEnabled: boolean | null;
}

export interface NewDelivery {
  id: string;
  endpointId: string;
}

export interface AttemptRecord {
  status: WebhookDeliveryStatus;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

/** SQL for webhook_endpoints and webhook_deliveries; every query is scoped by tenant id. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async findSubscribedEndpointIds(tenantId: string, eventType: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM webhook_endpoints
       WHERE tenant_id = $1 AND enabled AND events && ARRAY[$2::text, '*']
       ORDER BY id`,
      [tenantId, eventType],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Inserts one delivery per endpoint, skipping (event, endpoint) pairs that already exist, and
   * returns the ids of every still-pending delivery of the event for these endpoints: the new ones
   * and those a previous, interrupted run created but may not have enqueued.
   */
  async insertDeliveries(tenantId: string, eventId: string, eventType: string, body: string, rows: NewDelivery[]): Promise<string[]> {
    const found: Array<{ id: string }> = await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($5::varchar[], $6::uuid[]) AS t(id, endpoint_id)
       ), inserted AS (
         INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, body)
         SELECT id, $1, endpoint_id, $2, $3, $4 FROM input
         ON CONFLICT (event_id, endpoint_id) DO NOTHING
         RETURNING id
       )
       SELECT id FROM inserted
       UNION ALL
       SELECT d.id FROM webhook_deliveries d JOIN input i ON i.endpoint_id = d.endpoint_id
       WHERE d.tenant_id = $1 AND d.event_id = $2 AND d.status = 'pending'`,
      [tenantId, eventId, eventType, body, rows.map((r) => r.id), rows.map((r) => r.endpointId)],
    );
    return found.map((r) => r.id);
  }

  async findForSend(tenantId: string, deliveryId: string): Promise<DeliveryToSend | null> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT d.id, d.status, d.body, d.endpoint_id, e.url, e.sealed_secret, e.enabled
       FROM webhook_deliveries d
       LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.tenant_id = d.tenant_id
       WHERE d.tenant_id = $1 AND d.id = $2`,
      [tenantId, deliveryId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id as string,
      status: r.status as WebhookDeliveryStatus,
      body: r.body as string,
      endpointId: r.endpoint_id as string,
      url: (r.url as string | null) ?? null,
      sealedSecret: (r.sealed_secret as Buffer | null) ?? null,
      endpointEnabled: (r.enabled as boolean | null) ?? null,
    };
  }

  /** Records one attempt; only a pending delivery changes, so a finished one is never reopened. */
  async recordAttempt(tenantId: string, deliveryId: string, a: AttemptRecord): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries
       SET attempts = attempts + 1, status = $3, last_status_code = $4, last_error = $5,
           last_latency_ms = $6, last_attempt_at = now(), updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'pending'`,
      [tenantId, deliveryId, a.status, a.statusCode, a.error, a.latencyMs],
    );
  }

  /** Disables the endpoint and writes the audit event in one statement (so both or neither happen). */
  async disableEndpoint(tenantId: string, endpointId: string, data: Record<string, unknown>): Promise<boolean> {
    const rows: Array<{ id: string }> = await this.db.query(
      `WITH disabled AS (
         UPDATE webhook_endpoints SET enabled = false, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 AND enabled
         RETURNING id, tenant_id
       )
       INSERT INTO audit_events (tenant_id, action, subject_type, subject_id, data)
       SELECT tenant_id, 'webhook_endpoint.disabled', 'webhook_endpoint', id, $3::jsonb FROM disabled
       RETURNING subject_id AS id`,
      [tenantId, endpointId, JSON.stringify(data)],
    );
    return rows.length > 0;
  }
}
