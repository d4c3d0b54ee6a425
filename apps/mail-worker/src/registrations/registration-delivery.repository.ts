import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClaimColumns } from '../claims/claim-columns';
import type { Db } from '../claims/db';
import type { ClaimedSend, ClaimOwner, ClaimResult, SendKey, SendStore } from '../claims/send-store';
import type { SendResult } from '../transports/mail-transport';

/** A registration email this worker now holds (`mail_status = 'sending'`), with what it needs to send it. */
export interface ClaimedRegistration extends ClaimedSend {
  email: string;
  userId: string | null;
  sealedToken: Buffer | null;
  redirectUrl: string;
  actionName: string | null;
  shortMsg: string | null;
  language: string | null;
  expiresAt: Date;
  validatedAt: Date | null;
  appName: string;
  senderAddress: string | null;
  defaultLanguage: string | null;
}

const CLAIMS = new ClaimColumns('registrations', {
  status: 'mail_status', attempts: 'mail_attempts', claimedAt: 'mail_claimed_at',
  jobId: 'mail_claim_job_id', jobAttempt: 'mail_claim_job_attempt', claimedBy: 'mail_claimed_by',
});

/** Claims a registration's email (ClaimColumns: when a row is claimable), with what sending it needs. */
const CLAIM_SQL = `
UPDATE registrations r
SET ${CLAIMS.set('r')}
FROM tenants t
WHERE r.id = $1 AND r.tenant_id = $2 AND t.id = r.tenant_id AND ${CLAIMS.claimable('r')}
RETURNING r.id, r.tenant_id, r.email, r.user_id, r.sealed_token, r.mail_attempts, r.redirect_url, r.action_name, r.short_msg,
          r.language, r.expires_at, r.validated_at, COALESCE(t.policy->'app'->>'name', t.name) AS app_name,
          t.policy->'app'->>'sender_address' AS sender_address, t.policy->'app'->>'default_language' AS default_language, now() AS now`;

const FENCE = CLAIMS.fence;

/** Registration emails (the `mail_*` columns of registrations) as the claim-then-send protocol uses them. */
@Injectable()
export class RegistrationDeliveryRepository implements SendStore<ClaimedRegistration> {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async claim(key: SendKey, owner: ClaimOwner, claimTimeoutMs: number): Promise<ClaimResult<ClaimedRegistration>> {
    const claimed = await this.claimOne(key, owner, claimTimeoutMs);
    return claimed ? { claimed } : { claimed: null, state: await CLAIMS.state(this.db, key, owner, claimTimeoutMs) };
  }

  holds(r: ClaimedRegistration): Promise<boolean> {
    return CLAIMS.holds(this.db, r);
  }

  private async claimOne(key: SendKey, owner: ClaimOwner, claimTimeoutMs: number): Promise<ClaimedRegistration | null> {
    const [rows] = (await this.db.query(CLAIM_SQL, CLAIMS.params(key, owner, claimTimeoutMs))) as [Record<string, never>[], number];
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

  /** Expired or already validated: not sent; the sealed token is dropped. */
  markSkipped(r: ClaimedRegistration, reason: string): Promise<boolean> {
    return this.finish(r, `mail_status = 'skipped', sealed_token = NULL, mail_claimed_at = NULL, mail_error = $4`, FENCE, reason,
      'registration.email.skipped', { reason });
  }

  /** The provider accepted the email (recorded even if another worker took the claim over meanwhile). */
  markSent(r: ClaimedRegistration, { provider, messageId }: SendResult): Promise<boolean> {
    return this.finish(r, `mail_status = 'sent', sealed_token = NULL, mail_claimed_at = NULL, mail_error = $4`,
      `id = $1 AND tenant_id = $2 AND ${CLAIMS.unsent()} AND $3::int IS NOT NULL`, null,
      'registration.email.sent', { provider, provider_message_id: messageId, attempts: r.attempts });
  }

  markFailed(r: ClaimedRegistration, error: string): Promise<boolean> {
    return this.finish(r, `mail_status = 'failed', sealed_token = NULL, mail_claimed_at = NULL, mail_error = $4`, FENCE, error,
      'registration.email.failed', { error, attempts: r.attempts });
  }

  release(r: ClaimedRegistration, error: string): Promise<boolean> {
    return CLAIMS.release(this.db, r, 'mail_error', error);
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
