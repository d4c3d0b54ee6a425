import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { GrantableScope } from '@sesame/domain';
import type { ResolvedApiKey } from '@sesame/messaging';
import { Cursor, cursorTimestampSql } from '@sesame/persistence';

type Db = Pick<EntityManager, 'query'>;

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: GrantableScope[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  created_by_api_key_id: string | null;
  rotated_to_api_key_id: string | null;
}

const COLUMNS = 'id, name, prefix, scopes, created_at, expires_at, last_used_at, created_by_api_key_id, rotated_to_api_key_id';

/** A key still accepted now: neither revoked nor past its expiry. */
const LIVE = `revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`;

/**
 * last_used_at is written when the gateway resolves a key (once per key per API_KEY_CACHE_MS and
 * replica, not per request) and then only if the stored value is a minute old: a busy key costs
 * one row write a minute, whatever its request rate and however many replicas resolve it.
 */
const RESOLVE_SQL = `
WITH k AS (
  SELECT k.id, k.tenant_id, k.scopes, k.expires_at, t.disabled_at IS NOT NULL AS tenant_disabled
  FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
  WHERE k.key_hash = $1 AND k.revoked_at IS NULL
), touched AS (
  UPDATE api_keys a SET last_used_at = now()
  FROM k
  WHERE a.id = k.id AND NOT k.tenant_disabled AND (k.expires_at IS NULL OR k.expires_at > now())
    AND (a.last_used_at IS NULL OR a.last_used_at < now() - interval '1 minute')
)
SELECT id, tenant_id AS "tenantId", scopes, expires_at AS "expiresAt", tenant_disabled AS "tenantDisabled" FROM k`;

@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async insert(
    m: Db,
    k: {
      id: string; tenantId: string; name: string; prefix: string; keyHash: string; scopes: GrantableScope[];
      expiresAt?: Date | null; createdBy?: string | null;
    },
  ): Promise<ApiKeyRow | null> {
    const rows = await m.query(
      `INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, scopes, expires_at, created_by_api_key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
      [k.id, k.tenantId, k.name, k.prefix, k.keyHash, k.scopes, k.expiresAt ?? null, k.createdBy ?? null],
    );
    return rows[0] ?? null;
  }

  async resolve(keyHash: string): Promise<ResolvedApiKey | null> {
    const rows: Array<Omit<ResolvedApiKey, 'expiresAt'> & { expiresAt: Date | null }> = await this.db.query(RESOLVE_SQL, [keyHash]);
    const row = rows[0];
    return row ? { ...row, expiresAt: row.expiresAt ? new Date(row.expiresAt).getTime() : null } : null;
  }

  /** The tenant's unrevoked keys, newest first (expired ones included: the list says so). */
  async list(tenantId: string, after: Cursor | undefined, limit: number): Promise<(ApiKeyRow & { cursor_ts: string })[]> {
    const params: unknown[] = [tenantId, limit];
    let where = 'tenant_id = $1 AND revoked_at IS NULL';
    if (after) {
      params.push(after.createdAt, after.id);
      where += ` AND (created_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    return this.db.query(
      `SELECT ${COLUMNS}, ${cursorTimestampSql('created_at')} AS cursor_ts FROM api_keys
       WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
  }

  /**
   * Locks the tenant's row so that two concurrent revocations cannot each see the other's key as
   * the admin key that remains; then the key itself (unrevoked).
   */
  async lockForChange(m: Db, tenantId: string, id: string): Promise<ApiKeyRow | null> {
    await m.query(`SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE`, [tenantId]);
    const rows = await m.query(`SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL`, [tenantId, id]);
    return rows[0] ?? null;
  }

  /** Live keys with scope admin other than `exceptId`. */
  async otherLiveAdminKeys(m: Db, tenantId: string, exceptId: string): Promise<number> {
    const [{ n }] = await m.query(
      `SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1 AND id <> $2 AND 'admin' = ANY(scopes) AND ${LIVE}`,
      [tenantId, exceptId],
    );
    return n;
  }

  async revoke(m: Db, tenantId: string, id: string): Promise<void> {
    await m.query(`UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL`, [tenantId, id]);
  }

  /** The rotated key stops at `expiresAt` (never later than an expiry it already had). */
  async markRotated(m: Db, tenantId: string, id: string, successorId: string, overlapSeconds: number): Promise<Date> {
    // TypeORM answers UPDATE and DELETE with [rows, affected].
    const [rows] = await m.query(
      `UPDATE api_keys SET rotated_to_api_key_id = $3,
         expires_at = LEAST(COALESCE(expires_at, 'infinity'), now() + make_interval(secs => $4::float8)),
         revoked_at = CASE WHEN $4::float8 = 0 THEN now() END
       WHERE tenant_id = $1 AND id = $2 RETURNING expires_at`,
      [tenantId, id, successorId, overlapSeconds],
    );
    return rows[0].expires_at;
  }
}
