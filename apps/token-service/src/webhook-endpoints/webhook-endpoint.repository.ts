import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WebhookEndpointView } from '@sesame/messaging';
import { Cursor, cursorTimestampSql } from '@sesame/persistence';

type Db = Pick<EntityManager, 'query'>;

export interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  disabled_reason: string | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cursor_ts: string;
}

export interface EndpointChanges {
  url?: string;
  description?: string | null;
  events?: string[];
  enabled?: boolean;
}

/** The old secret signs beside a rotated one for this long (Standard Webhooks zero-downtime rotation). */
export const SECRET_OVERLAP_SECONDS = 24 * 3600;

const COLUMNS = `id, url, description, events, enabled, disabled_reason,
  CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END AS previous_secret_expires_at,
  created_at, updated_at, ${cursorTimestampSql('created_at')} AS cursor_ts`;

/** SQL for webhook_endpoints; every statement is scoped by tenant id. */
@Injectable()
export class WebhookEndpointRepository {
  async insert(m: Db, e: { id: string; tenantId: string; url: string; description: string | null; events: string[]; enabled: boolean; sealedSecret: Buffer }): Promise<EndpointRow | null> {
    const rows = await m.query(
      `INSERT INTO webhook_endpoints (id, tenant_id, url, description, events, enabled, sealed_secret, disabled_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $6 THEN NULL ELSE 'manual' END)
       ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
      [e.id, e.tenantId, e.url, e.description, e.events, e.enabled, e.sealedSecret],
    );
    return rows[0] ?? null;
  }

  async find(m: Db, tenantId: string, id: string): Promise<EndpointRow | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ?? null;
  }

  async list(m: Db, tenantId: string, after: Cursor | undefined, limit: number): Promise<EndpointRow[]> {
    return m.query(
      `SELECT ${COLUMNS} FROM webhook_endpoints
       WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [tenantId, after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * Applies the given fields. Enabling clears the failure record and the disable reason, so the
   * 5-day count starts afresh; disabling by the API records `manual`.
   */
  async update(m: Db, tenantId: string, id: string, c: EndpointChanges): Promise<EndpointRow | null> {
    const rows = await m.query(
      `UPDATE webhook_endpoints SET
         url = COALESCE($3, url),
         description = CASE WHEN $4::boolean THEN $5 ELSE description END,
         events = COALESCE($6, events),
         enabled = COALESCE($7, enabled),
         disabled_reason = CASE WHEN $7 IS NULL THEN disabled_reason WHEN $7 THEN NULL WHEN enabled THEN 'manual' ELSE disabled_reason END,
         failing_since = CASE WHEN $7 AND NOT enabled THEN NULL ELSE failing_since END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, c.url ?? null, c.description !== undefined, c.description ?? null, c.events ?? null, c.enabled ?? null],
    );
    return rows[0]?.[0] ?? null;
  }

  async delete(m: Db, tenantId: string, id: string): Promise<boolean> {
    // TypeORM answers an UPDATE or DELETE with [rows, count].
    const [rows] = await m.query(`DELETE FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2 RETURNING id`, [tenantId, id]);
    return rows.length > 0;
  }

  /** The current secret becomes the previous one (signing until now + 24 h); `sealed` is the new one. */
  async rotateSecret(m: Db, tenantId: string, id: string, sealed: Buffer): Promise<EndpointRow | null> {
    const rows = await m.query(
      `UPDATE webhook_endpoints SET previous_sealed_secret = sealed_secret, sealed_secret = $3,
         previous_secret_expires_at = now() + make_interval(secs => $4), updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [tenantId, id, sealed, SECRET_OVERLAP_SECONDS],
    );
    return rows[0]?.[0] ?? null;
  }
}

export function toEndpointView(r: EndpointRow): WebhookEndpointView {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events,
    enabled: r.enabled,
    disabled_reason: r.disabled_reason,
    previous_secret_expires_at: r.previous_secret_expires_at ? new Date(r.previous_secret_expires_at).toISOString() : null,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}
