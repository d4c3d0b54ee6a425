import type { EntityManager } from 'typeorm';
import type { Actor } from '@sesame/messaging';

export interface AuditEntry {
  tenantId: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** The end user the event concerns, when there is one (filterable in the audit list). */
  userId?: string | null;
  actor: Actor | null;
  /** Never a token, code or secret. */
  data?: Record<string, unknown>;
}

/** Appends an audit event in the caller's transaction (or on its own when given the DataSource). */
export async function audit(db: Pick<EntityManager, 'query'>, e: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      e.tenantId, e.action, e.actor?.apiKeyId ?? null, e.subjectType, e.subjectId, e.actor?.ip ?? null, e.actor?.userAgent ?? null,
      // A console session has no API key: who acted is then the console user, kept with the event.
      JSON.stringify(e.actor?.consoleUserId ? { ...e.data, console_user_id: e.actor.consoleUserId } : (e.data ?? {})), e.userId ?? null,
    ],
  );
}
