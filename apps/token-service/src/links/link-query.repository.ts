import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LinkStatus } from '@sesame/domain';
import { Cursor, cursorTimestampSql } from '@sesame/persistence';
import { LINK_COLUMNS, LinkRow } from './link-row';

const STATUS_FILTER: Record<LinkStatus, string> = {
  active: 'l.consumed_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > now()',
  consumed: 'l.consumed_at IS NOT NULL',
  revoked: 'l.revoked_at IS NOT NULL AND l.consumed_at IS NULL',
  expired: 'l.consumed_at IS NULL AND l.revoked_at IS NULL AND l.expires_at <= now()',
};

@Injectable()
export class LinkQueryRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async findById(tenantId: string, id: string): Promise<LinkRow | null> {
    const rows = await this.db.query(
      `SELECT ${LINK_COLUMNS} FROM magic_links l JOIN users u ON u.id = l.user_id WHERE l.tenant_id = $1 AND l.id = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  /** Newest first; the cursor is the (created_at, id) of the last row of the previous page. */
  async list(q: { tenantId: string; userId?: string; status?: LinkStatus; after?: Cursor; limit: number }): Promise<(LinkRow & { cursor_ts: string })[]> {
    const where = ['l.tenant_id = $1'];
    const params: unknown[] = [q.tenantId];
    if (q.userId) {
      params.push(q.userId);
      where.push(`l.user_id = $${params.length}`);
    }
    if (q.status) where.push(STATUS_FILTER[q.status]);
    if (q.after) {
      params.push(q.after.createdAt, q.after.id);
      where.push(`(l.created_at, l.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit);
    return this.db.query(
      `SELECT ${LINK_COLUMNS}, ${cursorTimestampSql('l.created_at')} AS cursor_ts FROM magic_links l JOIN users u ON u.id = l.user_id
       WHERE ${where.join(' AND ')} ORDER BY l.created_at DESC, l.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** The user's most recently created link, and the address it was emailed to (null if it was not). */
  async latestForUser(tenantId: string, userId: string): Promise<(LinkRow & { delivered_to: string | null }) | null> {
    const rows = await this.db.query(
      `SELECT ${LINK_COLUMNS},
              (SELECT d.to_address FROM mail_deliveries d WHERE d.tenant_id = l.tenant_id AND d.link_id = l.id
               ORDER BY d.created_at DESC LIMIT 1) AS delivered_to
       FROM magic_links l JOIN users u ON u.id = l.user_id
       WHERE l.tenant_id = $1 AND l.user_id = $2 ORDER BY l.created_at DESC, l.id DESC LIMIT 1`,
      [tenantId, userId],
    );
    return rows[0] ?? null;
  }

  async userExists(tenantId: string, q: { userId?: string; email?: string; phone?: string | null }): Promise<{ status: string; phone: string | null; email: string | null } | null> {
    const rows = await this.db.query(
      `SELECT status, phone, email FROM users
       WHERE tenant_id = $1 AND (id = $2 OR email = $3 OR ($2 IS NULL AND $3 IS NULL AND phone = $4)) LIMIT 1`,
      [tenantId, q.userId ?? null, q.email ?? null, q.phone ?? null],
    );
    return rows[0] ?? null;
  }
}
