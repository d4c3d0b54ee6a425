import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A registration email this worker now holds (`mail_status = 'sending'`), with what it needs to send it. */
export interface ClaimedRegistration {
  id: string;
  tenantId: string;
  email: string;
  userId: string | null;
  sealedToken: Buffer | null;
  /** The claim's number: fences later updates against a worker that took the claim over. */
  attempts: number;
  redirectUrl: string;
  actionName: string | null;
  shortMsg: string | null;
  language: string | null;
  expiresAt: Date;
  validatedAt: Date | null;
  appName: string;
  senderAddress: string | null;
  defaultLanguage: string | null;
  now: Date;
}

/**
 * Claims an unsent registration email (or one whose claim went stale), the same protocol as link
 * deliveries: the claim is taken in Postgres before the provider is called, so a job run twice
 * calls the provider once.
 */
const CLAIM_SQL = `
UPDATE registrations r
SET mail_status = 'sending', mail_claimed_at = now(), mail_attempts = r.mail_attempts + 1
FROM tenants t
WHERE r.id = $1 AND r.tenant_id = $2 AND t.id = r.tenant_id
  AND (r.mail_status = 'queued' OR (r.mail_status = 'sending' AND r.mail_claimed_at < now() - $3::int * interval '1 millisecond'))
RETURNING r.id, r.tenant_id, r.email, r.user_id, r.sealed_token, r.mail_attempts, r.redirect_url, r.action_name, r.short_msg,
          r.language, r.expires_at, r.validated_at, COALESCE(t.policy->'app'->>'name', t.name) AS app_name,
          t.policy->'app'->>'sender_address' AS sender_address, t.policy->'app'->>'default_language' AS default_language, now() AS now`;

const FENCE = `id = $1 AND tenant_id = $2 AND mail_status = 'sending' AND mail_attempts = $3`;

type Db = Pick<EntityManager, 'query'>;

@Injectable()
export class RegistrationDeliveryRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async claim(id: string, tenantId: string, claimTimeoutMs: number): Promise<ClaimedRegistration | null> {
    const [rows] = (await this.db.query(CLAIM_SQL, [id, tenantId, claimTimeoutMs])) as [Record<string, never>[], number];
    const r = rows[0] as Record<string, unknown> | undefined;
    if (!r) return null;
    return {
      id: r.id as string, tenantId: r.tenant_id as string, email: r.email as string, userId: r.user_id as string | null,
      sealedToken: r.sealed_token as Buffer | null, attempts: r.mail_attempts as number, redirectUrl: r.redirect_url as string,
      actionName: r.action_name as string | null, shortMsg: r.short_msg as string | null, language: r.language as string | null,
      expiresAt: r.expires_at as Date, validatedAt: r.validated_at as Date | null, appName: r.app_name as string,
      senderAddress: r.sender_address as string | null, defaultLanguage: r.default_language as string | null, now: r.now as Date,
    };
  }

  /** `queued`/`sending`/… and how long a live claim has left, for a job that found nothing to claim. */
  async state(id: string, tenantId: string, claimTimeoutMs: number): Promise<{ status: string; claimRemainingMs: number } | null> {
    const rows = await this.db.query(
      `SELECT mail_status AS status,
              COALESCE(EXTRACT(EPOCH FROM (mail_claimed_at + $3::int * interval '1 millisecond' - now())) * 1000, 0)::float8 AS remaining
       FROM registrations WHERE id = $1 AND tenant_id = $2`,
      [id, tenantId, claimTimeoutMs],
    );
    return rows[0] ? { status: rows[0].status, claimRemainingMs: Number(rows[0].remaining) } : null;
  }

  /** Expired or already validated: not sent; the sealed token is dropped. */
  markSkipped(r: ClaimedRegistration, reason: string): Promise<boolean> {
    return this.finish(r, `mail_status = 'skipped', sealed_token = NULL, mail_claimed_at = NULL, mail_error = $4`, FENCE, reason,
      'registration.email.skipped', { reason });
  }

  /** The provider accepted the email (recorded even if another worker took the claim over meanwhile). */
  markSent(r: ClaimedRegistration, provider: string, messageId: string | null): Promise<boolean> {
    return this.finish(r, `mail_status = 'sent', sealed_token = NULL, mail_claimed_at = NULL, mail_error = $4`,
      `id = $1 AND tenant_id = $2 AND mail_status <> 'sent' AND $3::int IS NOT NULL`, null,
      'registration.email.sent', { provider, provider_message_id: messageId, attempts: r.attempts });
  }

  markFailed(r: ClaimedRegistration, error: string): Promise<boolean> {
    return this.finish(r, `mail_status = 'failed', sealed_token = NULL, mail_claimed_at = NULL, mail_error = $4`, FENCE, error,
      'registration.email.failed', { error, attempts: r.attempts });
  }

  async release(r: ClaimedRegistration, error: string): Promise<void> {
    await this.db.query(`UPDATE registrations SET mail_status = 'queued', mail_claimed_at = NULL, mail_error = $4 WHERE ${FENCE}`, [
      r.id, r.tenantId, r.attempts, error,
    ]);
  }

  /** The update and its audit event together; the audit names the API key that started the registration. */
  private finish(r: ClaimedRegistration, set: string, where: string, error: string | null, action: string, data: Record<string, unknown>): Promise<boolean> {
    return this.db.transaction(async (m: Db) => {
      const [, count] = await m.query(`UPDATE registrations SET ${set} WHERE ${where}`, [r.id, r.tenantId, r.attempts, error]);
      if (count === 0) return false;
      await m.query(
        `INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, data, user_id)
         SELECT tenant_id, $3, api_key_id, 'registration', id, $4, user_id FROM registrations WHERE tenant_id = $1 AND id = $2`,
        [r.tenantId, r.id, action, JSON.stringify({ ...data, to: r.email })],
      );
      return true;
    });
  }
}
