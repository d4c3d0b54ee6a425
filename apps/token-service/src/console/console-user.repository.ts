import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ConsoleRoleName } from '@sesame/messaging';
import { Cursor, cursorTimestampSql } from '@sesame/persistence';

type Db = Pick<EntityManager, 'query'>;

export interface ConsoleUserRow {
  id: string;
  tenant_id: string;
  email: string;
  role: ConsoleRoleName;
  disabled_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, tenant_id, email, role, disabled_at, created_at';

/** console_users, always within one tenant. */
@Injectable()
export class ConsoleUserRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** The new row, or null when the tenant already has a console user with this email. */
  async insert(m: Db, u: { id: string; tenantId: string; email: string; role: ConsoleRoleName }): Promise<ConsoleUserRow | null> {
    const rows = await m.query(
      `INSERT INTO console_users (id, tenant_id, email, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [u.id, u.tenantId, u.email, u.role],
    );
    return rows[0] ?? null;
  }

  /** The operator's route names the tenant in its path: a missing (or deleted) one is a 404, not a foreign-key failure. */
  async tenantExists(m: Db, tenantId: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM tenants WHERE id = $1 AND deleted_at IS NULL`, [tenantId]);
    return rows.length > 0;
  }

  async findById(tenantId: string, id: string, m: Db = this.db): Promise<ConsoleUserRow | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM console_users WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ?? null;
  }

  /** An enabled console user of an enabled tenant, by address. */
  async findActiveByEmail(tenantId: string, email: string): Promise<ConsoleUserRow | null> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS.split(', ').map((c) => `u.${c}`).join(', ')} FROM console_users u JOIN tenants t ON t.id = u.tenant_id
       WHERE u.tenant_id = $1 AND u.email = $2 AND u.disabled_at IS NULL AND t.disabled_at IS NULL`,
      [tenantId, email],
    );
    return rows[0] ?? null;
  }

  async list(tenantId: string, q: string | undefined, after: Cursor | undefined, limit: number): Promise<(ConsoleUserRow & { cursor_ts: string })[]> {
    const params: unknown[] = [tenantId, limit];
    let where = 'tenant_id = $1';
    if (q) {
      params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where += ` AND email ILIKE $${params.length}`;
    }
    if (after) {
      params.push(after.createdAt, after.id);
      where += ` AND (created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    return this.db.query(
      `SELECT ${COLUMNS}, ${cursorTimestampSql('created_at')} AS cursor_ts FROM console_users
       WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
  }

  async update(m: Db, tenantId: string, id: string, change: { role?: ConsoleRoleName; disabled?: boolean }): Promise<ConsoleUserRow | null> {
    // In a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with the rows.
    const rows = await m.query(
      `WITH u AS (UPDATE console_users SET role = COALESCE($3, role),
         disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN COALESCE(disabled_at, now()) ELSE NULL END
       WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}) SELECT * FROM u`,
      [tenantId, id, change.role ?? null, change.disabled ?? null],
    );
    return rows[0] ?? null;
  }

  /** Enabled admins other than `exceptId`, with the rows locked so two demotions cannot both pass. */
  async otherEnabledAdmins(m: Db, tenantId: string, exceptId: string): Promise<number> {
    const rows = await m.query(
      `SELECT id FROM console_users WHERE tenant_id = $1 AND id <> $2 AND role = 'admin' AND disabled_at IS NULL FOR UPDATE`,
      [tenantId, exceptId],
    );
    return rows.length;
  }
}
