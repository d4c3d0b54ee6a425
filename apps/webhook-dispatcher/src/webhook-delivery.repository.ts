import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WebhookDeliveryStatus } from '@sesame/persistence';

/** A delivery with what sending it needs from its endpoint. */
export interface DeliveryToSend {
  id: string;
  tenantId: string;
  status: WebhookDeliveryStatus;
  body: string;
  endpointId: string;
  url: string | null;
  sealedSecret: Buffer | null;
  /** The secret before the last rotation, while it still signs (24 h). */
  previousSealedSecret: Buffer | null;
  /** null when the endpoint row is gone. */
  endpointEnabled: boolean | null;
}

export interface NewDelivery {
  id: string;
  endpointId: string;
}

export interface DeliveryKey {
  tenantId: string;
  deliveryId: string;
}

export interface AttemptRecord extends DeliveryKey {
  status: WebhookDeliveryStatus;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  responseBody: string | null;
  /** The attempt succeeded (resets the endpoint's failing_since) or failed (starts it). */
  ok: boolean;
}

export interface AttemptOutcome {
  /** False when the delivery was no longer pending (nothing written). */
  recorded: boolean;
  endpointId: string | null;
  /** Every attempt to the endpoint has failed for longer than the disable threshold. */
  failingTooLong: boolean;
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

  /** Many deliveries in one query (the service batches concurrent attempts); null where not found. */
  async findManyForSend(keys: DeliveryKey[]): Promise<Array<DeliveryToSend | null>> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT d.id, d.tenant_id, d.status, d.body, d.endpoint_id, e.url, e.sealed_secret, e.enabled,
              CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_sealed_secret END AS previous_sealed_secret
       FROM unnest($1::varchar[], $2::uuid[]) AS k(id, tenant_id)
       JOIN webhook_deliveries d ON d.id = k.id AND d.tenant_id = k.tenant_id
       LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.tenant_id = d.tenant_id`,
      [keys.map((k) => k.deliveryId), keys.map((k) => k.tenantId)],
    );
    const byKey = new Map(rows.map((r) => [`${r.tenant_id}|${r.id}`, r]));
    return keys.map((k) => {
      const r = byKey.get(`${k.tenantId}|${k.deliveryId}`);
      if (!r) return null;
      return {
        id: r.id as string,
        tenantId: r.tenant_id as string,
        status: r.status as WebhookDeliveryStatus,
        body: r.body as string,
        endpointId: r.endpoint_id as string,
        url: (r.url as string | null) ?? null,
        sealedSecret: (r.sealed_secret as Buffer | null) ?? null,
        previousSealedSecret: (r.previous_sealed_secret as Buffer | null) ?? null,
        endpointEnabled: (r.enabled as boolean | null) ?? null,
      };
    });
  }

  /**
   * Records many attempts in one statement: each pending delivery's counters and last response;
   * each endpoint's failing_since cleared by a success or started by a first failure (rows that
   * would not change are not written, so steady success costs no endpoint write). Only a pending
   * delivery changes, so a finished one is never reopened.
   */
  async recordAttempts(records: AttemptRecord[], disableAfterMs: number): Promise<AttemptOutcome[]> {
    const rows: Array<{ id: string; tenant_id: string; endpoint_id: string; failing_too_long: boolean }> = await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::int[], $5::text[], $6::int[], $7::text[], $8::boolean[])
           AS t(id, tenant_id, status, status_code, error, latency_ms, response_body, ok)
       ), d AS (
         UPDATE webhook_deliveries w
         SET attempts = w.attempts + 1, status = i.status, last_status_code = i.status_code, last_error = i.error,
             last_latency_ms = i.latency_ms, last_response_body = i.response_body, last_attempt_at = now(), updated_at = now()
         FROM input i
         WHERE w.id = i.id AND w.tenant_id = i.tenant_id AND w.status = 'pending'
         RETURNING w.id, w.tenant_id, w.endpoint_id, i.ok
       ), per_endpoint AS (
         SELECT endpoint_id, tenant_id, bool_or(ok) AS any_ok FROM d GROUP BY endpoint_id, tenant_id
       ), e AS (
         UPDATE webhook_endpoints ep
         SET failing_since = CASE WHEN p.any_ok THEN NULL ELSE now() END
         FROM per_endpoint p
         WHERE ep.id = p.endpoint_id AND ep.tenant_id = p.tenant_id
           AND ((p.any_ok AND ep.failing_since IS NOT NULL) OR (NOT p.any_ok AND ep.failing_since IS NULL))
         RETURNING ep.id, ep.failing_since
       )
       SELECT d.id, d.tenant_id, d.endpoint_id,
              (NOT d.ok AND COALESCE(e.failing_since, ep.failing_since) <= now() - make_interval(secs => $9::float8 / 1000))
                AS failing_too_long
       FROM d
       LEFT JOIN e ON e.id = d.endpoint_id
       LEFT JOIN webhook_endpoints ep ON ep.id = d.endpoint_id AND e.id IS NULL`,
      [
        records.map((r) => r.deliveryId), records.map((r) => r.tenantId), records.map((r) => r.status),
        records.map((r) => r.statusCode), records.map((r) => r.error), records.map((r) => r.latencyMs),
        records.map((r) => r.responseBody), records.map((r) => r.ok), disableAfterMs,
      ],
    );
    const byKey = new Map(rows.map((r) => [`${r.tenant_id}|${r.id}`, r]));
    return records.map((rec) => {
      const r = byKey.get(`${rec.tenantId}|${rec.deliveryId}`);
      return { recorded: !!r, endpointId: r?.endpoint_id ?? null, failingTooLong: r?.failing_too_long === true };
    });
  }

  /** Ends a pending delivery without an attempt (its endpoint is disabled or gone). */
  async markFailed(tenantId: string, deliveryId: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'failed', last_error = $3, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'pending'`,
      [tenantId, deliveryId, error.slice(0, 500)],
    );
  }

  /** Disables the endpoint and writes the audit event in one statement (so both or neither happen). */
  async disableEndpoint(tenantId: string, endpointId: string, reason: 'gone' | 'failing', data: Record<string, unknown>): Promise<boolean> {
    const rows: Array<{ id: string }> = await this.db.query(
      `WITH disabled AS (
         UPDATE webhook_endpoints SET enabled = false, disabled_reason = $3, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 AND enabled
         RETURNING id, tenant_id
       )
       INSERT INTO audit_events (tenant_id, action, subject_type, subject_id, data)
       SELECT tenant_id, 'webhook_endpoint.disabled', 'webhook_endpoint', id, $4::jsonb FROM disabled
       RETURNING subject_id AS id`,
      [tenantId, endpointId, reason, JSON.stringify({ reason, ...data })],
    );
    return rows.length > 0;
  }
}
