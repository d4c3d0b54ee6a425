import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { TenantPolicy } from '@sesame/domain';
import type { OperatorActor } from '@sesame/messaging';
import { Cursor, cursorTimestampSql, TenantWithPolicy, withPolicy } from '@sesame/persistence';

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  created_at: Date;
  disabled_at: Date | null;
  deleted_at: Date | null;
}

const COLUMNS = 'id, slug, name, created_at, disabled_at, deleted_at';

@Injectable()
export class TenantRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Inserts unless the id (the request id) or slug exists; returns false when nothing was inserted. */
  async insert(
    m: EntityManager,
    t: { id: string; slug: string; name: string; policy: TenantPolicy },
  ): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
      [t.id, t.slug, t.name, JSON.stringify(t.policy)],
    );
    return rows.length === 1;
  }

  async findById(id: string): Promise<{ id: string; slug: string; name: string } | null> {
    const rows = await this.db.query(`SELECT id, slug, name FROM tenants WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async slugExists(slug: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM tenants WHERE slug = $1`, [slug]);
    return rows.length > 0;
  }

  /** The tenant and its policy, locked for a read-modify-write in the caller's transaction. */
  async lockPolicy(m: EntityManager, id: string): Promise<TenantWithPolicy | null> {
    const rows = await m.query(`SELECT id, slug, name, policy FROM tenants WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? withPolicy(rows[0]) : null;
  }

  async savePolicy(m: EntityManager, id: string, policy: TenantPolicy): Promise<void> {
    await m.query(`UPDATE tenants SET policy = $2, updated_at = now() WHERE id = $1`, [id, JSON.stringify(policy)]);
  }

  /** Newest first; `q` matches a substring of the name or slug (tenants are few: a filter, not an index). */
  async list(q: string | undefined, after: Cursor | undefined, limit: number): Promise<(TenantRow & { cursor_ts: string })[]> {
    const params: unknown[] = [limit];
    const where = ['true'];
    if (q) {
      params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(name ILIKE $${params.length} OR slug ILIKE $${params.length})`);
    }
    if (after) {
      params.push(after.createdAt, after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    return this.db.query(
      `SELECT ${COLUMNS}, ${cursorTimestampSql('created_at')} AS cursor_ts FROM tenants
       WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $1`,
      params,
    );
  }

  async get(id: string): Promise<TenantRow | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lock(m: EntityManager, id: string): Promise<TenantRow | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM tenants WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async update(m: EntityManager, id: string, t: { name: string; disabled: boolean; deleted?: boolean }): Promise<TenantRow> {
    // TypeORM answers UPDATE and DELETE with [rows, affected].
    const [rows] = await m.query(
      `UPDATE tenants SET name = $2,
         disabled_at = CASE WHEN $3::boolean THEN COALESCE(disabled_at, now()) END,
         deleted_at = CASE WHEN $4::boolean THEN COALESCE(deleted_at, now()) ELSE deleted_at END,
         updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, t.name, t.disabled, t.deleted ?? false],
    );
    return rows[0];
  }

  /** Operator actions on tenants: kept in a table without a foreign key, so they outlive the tenant's purge. */
  async operatorAudit(m: EntityManager, e: { action: string; tenantId: string; actor: OperatorActor | null; data: Record<string, unknown> }): Promise<void> {
    await m.query(
      `INSERT INTO operator_audit_events (action, tenant_id, ip, user_agent, data) VALUES ($1, $2, $3, $4, $5)`,
      [e.action, e.tenantId, e.actor?.ip ?? null, e.actor?.userAgent ?? null, JSON.stringify(e.data)],
    );
  }
}
