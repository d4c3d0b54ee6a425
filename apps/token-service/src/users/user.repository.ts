import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { UserStatus } from '@sesame/domain';
import { Cursor, cursorTimestampSql } from '@sesame/persistence';
import { attributeAddressSql } from '../shared/magic-link-address';

type Db = Pick<EntityManager, 'query'>;

export interface UserRow {
  id: string;
  /** Null only for a user created by phone alone (Passage). */
  email: string | null;
  status: UserStatus;
  attributes: Record<string, unknown>;
  magic_link_email: string | null;
  magic_link_address: string | null;
  email_verified_at: Date | null;
  phone: string | null;
  phone_verified_at: Date | null;
  has_password: boolean;
  created_at: Date;
  updated_at: Date;
}

/** Every user query selects these; `$attr` is the policy's email attribute. */
const columns = (attr: string) => `id, email, status, attributes, magic_link_email,
  COALESCE(magic_link_email, ${attributeAddressSql('attributes', attr)}, email) AS magic_link_address, created_at, updated_at,
  email_verified_at, phone, phone_verified_at, password_hash IS NOT NULL AS has_password`;

export interface NewUser {
  id: string;
  tenantId: string;
  email: string;
  status: UserStatus;
  attributes: Record<string, unknown>;
  magicLinkEmail: string | null;
}

@Injectable()
export class UserRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Inserts unless the id (request id) or the email exists in the tenant; null when nothing was inserted. */
  async insert(m: Db, u: NewUser, attr: string): Promise<UserRow | null> {
    const rows = await m.query(
      `INSERT INTO users (id, tenant_id, email, status, attributes, magic_link_email) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING ${columns('$7')}`,
      [u.id, u.tenantId, u.email, u.status, JSON.stringify(u.attributes), u.magicLinkEmail, attr],
    );
    return rows[0] ?? null;
  }

  async findById(tenantId: string, id: string, attr: string, m: Db = this.db): Promise<UserRow | null> {
    const rows = await m.query(`SELECT ${columns('$3')} FROM users WHERE tenant_id = $1 AND id = $2`, [tenantId, id, attr]);
    return rows[0] ?? null;
  }

  /** Locks the row for a read-modify-write in the caller's transaction. */
  async lockById(m: Db, tenantId: string, id: string, attr: string): Promise<UserRow | null> {
    const rows = await m.query(`SELECT ${columns('$3')} FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id, attr]);
    return rows[0] ?? null;
  }

  /** Newest first by (created_at, id). */
  async list(
    q: { tenantId: string; email?: string; status?: UserStatus; after?: Cursor; limit: number },
    attr: string,
  ): Promise<(UserRow & { cursor_ts: string })[]> {
    const params: unknown[] = [q.tenantId, attr];
    const where = ['tenant_id = $1'];
    if (q.email) {
      params.push(q.email);
      where.push(`email = $${params.length}`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`status = $${params.length}`);
    }
    if (q.after) {
      params.push(q.after.createdAt, q.after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit);
    return this.db.query(
      `SELECT ${columns('$2')}, ${cursorTimestampSql('created_at')} AS cursor_ts FROM users
       WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async update(
    m: Db,
    tenantId: string,
    id: string,
    u: { email: string | null; status: UserStatus; attributes: Record<string, unknown>; magicLinkEmail: string | null },
    attr: string,
  ): Promise<UserRow> {
    // TypeORM answers UPDATE and DELETE with [rows, affected].
    const [rows] = (await m.query(
      `UPDATE users SET email = $3, status = $4, attributes = $5, magic_link_email = $6, updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING ${columns('$7')}`,
      [tenantId, id, u.email, u.status, JSON.stringify(u.attributes), u.magicLinkEmail, attr],
    )) as [UserRow[], number];
    return rows[0];
  }

  /** Deletes the user (their links and deliveries go with them); null when there was none. */
  async delete(m: Db, tenantId: string, id: string): Promise<{ id: string; email: string } | null> {
    const [rows] = (await m.query(`DELETE FROM users WHERE tenant_id = $1 AND id = $2 RETURNING id, email`, [tenantId, id])) as [
      { id: string; email: string }[], number,
    ];
    return rows[0] ?? null;
  }
}
