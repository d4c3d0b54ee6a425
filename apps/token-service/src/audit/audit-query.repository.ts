import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Cursor, cursorTimestampSql } from '@sesame/persistence';

export interface AuditRow {
  id: string;
  action: string;
  actor_api_key_id: string | null;
  subject_type: string;
  subject_id: string | null;
  user_id: string | null;
  ip: string | null;
  user_agent: string | null;
  data: Record<string, unknown>;
  created_at: Date;
  cursor_ts: string;
}

export interface AuditQuery {
  tenantId: string;
  actions?: string[];
  userId?: string;
  linkId?: string;
  since?: string;
  until?: string;
  after?: Cursor;
  limit: number;
}

@Injectable()
export class AuditQueryRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Newest first by (created_at, id); every filter is optional, the tenant is not. */
  async list(q: AuditQuery): Promise<AuditRow[]> {
    const params: unknown[] = [q.tenantId];
    const where = ['tenant_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.actions?.length) add((p) => `action = ANY(${p}::text[])`, q.actions);
    if (q.userId) add((p) => `user_id = ${p}::uuid`, q.userId);
    if (q.linkId) add((p) => `subject_type = 'magic_link' AND subject_id = ${p}::uuid`, q.linkId);
    if (q.since) add((p) => `created_at >= ${p}::timestamptz`, q.since);
    if (q.until) add((p) => `created_at < ${p}::timestamptz`, q.until);
    if (q.after) {
      params.push(q.after.createdAt, q.after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
    }
    params.push(q.limit);
    return this.db.query(
      `SELECT id::text AS id, action, actor_api_key_id, subject_type, subject_id, user_id, ip, user_agent, data, created_at,
              ${cursorTimestampSql('created_at')} AS cursor_ts
       FROM audit_events WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
