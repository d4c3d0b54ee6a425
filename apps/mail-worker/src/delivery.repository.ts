import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LinkType } from '@sesame/domain';
import type { MailDeliveryStatus } from '@sesame/persistence';
import { recordEvent } from '@sesame/persistence';

/** A delivery this worker now holds ('sending'), with everything needed to render and send it. */
export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  linkId: string;
  userId: string;
  toAddress: string;
  sealedToken: Buffer | null;
  /** The claim's number: fences later updates against a worker that took the claim over. */
  attempts: number;
  type: LinkType;
  language: string | null;
  expiresAt: Date;
  consumedAt: Date | null;
  revokedAt: Date | null;
  /** `active` or `disabled`: a disabled user's link is not sent. */
  userStatus: string;
  /** From the tenant policy (`app` section). */
  appName: string;
  senderAddress: string | null;
  defaultLanguage: string | null;
  /** Database clock, so expiry is judged by one clock across replicas. */
  now: Date;
  /** The link answers a sign-in request: the email carries its 6-digit fallback code. */
  hasCode: boolean;
}

export interface DeliveryState {
  status: MailDeliveryStatus;
  /** How long the current claim has left, in ms (≤ 0 when stale or unclaimed). */
  claimRemainingMs: number;
}

type Db = Pick<EntityManager, 'query'>;

/**
 * Claims a queued delivery, or one whose claim is older than the timeout (its worker died).
 * Concurrent claimers serialise on the row lock; the loser re-checks the WHERE and gets no row.
 */
const CLAIM_SQL = `
UPDATE mail_deliveries d
SET status = 'sending', claimed_at = now(), attempts = d.attempts + 1, updated_at = now()
FROM magic_links l, users u, tenants t
WHERE d.id = $1 AND d.tenant_id = $2
  AND l.id = d.link_id AND l.tenant_id = d.tenant_id AND u.id = l.user_id AND u.tenant_id = l.tenant_id AND t.id = d.tenant_id
  AND (d.status = 'queued' OR (d.status = 'sending' AND d.claimed_at < now() - $3::int * interval '1 millisecond'))
RETURNING d.id, d.tenant_id, d.link_id, l.user_id, d.to_address, d.sealed_token, d.attempts,
          l.type, l.language, l.expires_at, l.consumed_at, l.revoked_at, u.status AS user_status,
          COALESCE(t.policy->'app'->>'name', t.name) AS app_name, t.policy->'app'->>'sender_address' AS sender_address,
          t.policy->'app'->>'default_language' AS default_language, now() AS now,
          EXISTS (SELECT 1 FROM link_requests r WHERE r.tenant_id = l.tenant_id AND r.link_id = l.id) AS has_code`;

const STATE_SQL = `
SELECT status, COALESCE(EXTRACT(EPOCH FROM (claimed_at + $3::int * interval '1 millisecond' - now())) * 1000, 0)::float8 AS claim_remaining_ms
FROM mail_deliveries WHERE id = $1 AND tenant_id = $2`;

/** Updates of a claimed row only apply while this claim still holds it. */
const FENCE = `id = $1 AND tenant_id = $2 AND status = 'sending' AND attempts = $3`;

@Injectable()
export class DeliveryRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async claim(deliveryId: string, tenantId: string, claimTimeoutMs: number): Promise<ClaimedDelivery | null> {
    const [rows] = (await this.db.query(CLAIM_SQL, [deliveryId, tenantId, claimTimeoutMs])) as [ClaimRow[], number];
    return rows[0] ? toClaimed(rows[0]) : null;
  }

  async state(deliveryId: string, tenantId: string, claimTimeoutMs: number): Promise<DeliveryState | null> {
    const rows: { status: MailDeliveryStatus; claim_remaining_ms: number }[] = await this.db.query(STATE_SQL, [
      deliveryId, tenantId, claimTimeoutMs,
    ]);
    return rows[0] ? { status: rows[0].status, claimRemainingMs: Number(rows[0].claim_remaining_ms) } : null;
  }

  /** The link can no longer be used: the email is not sent and the sealed token is dropped. */
  async markSkipped(d: ClaimedDelivery, reason: string): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [, count] = await m.query(
        `UPDATE mail_deliveries SET status = 'skipped', sealed_token = NULL, claimed_at = NULL, last_error = $4, updated_at = now()
         WHERE ${FENCE}`,
        [d.id, d.tenantId, d.attempts, `link ${reason}`],
      );
      if (count > 0) await audit(m, d, 'magiclink.email.skipped', { delivery_id: d.id, reason });
      return count > 0;
    });
  }

  /**
   * The provider accepted the email. Recorded even if another worker took the claim over
   * meanwhile (the email did go out); the audit and webhook events are written once.
   */
  async markSent(d: ClaimedDelivery, provider: string, messageId: string | null): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [, count] = await m.query(
        `UPDATE mail_deliveries
         SET status = 'sent', sent_at = now(), provider = $3, provider_message_id = $4, sealed_token = NULL,
             claimed_at = NULL, last_error = NULL, updated_at = now()
         WHERE id = $1 AND tenant_id = $2 AND status <> 'sent'`,
        [d.id, d.tenantId, provider, messageId],
      );
      if (count === 0) return false;
      await audit(m, d, 'magiclink.email.sent', { delivery_id: d.id, provider, provider_message_id: messageId, attempts: d.attempts });
      await recordEvent(m, d.tenantId, 'magiclink.email.sent', {
        type: d.type, email: d.toAddress, user_id: d.userId, link_id: d.linkId, delivery_id: d.id,
      });
      return true;
    });
  }

  /** Given up for good: the sealed token is dropped so the link can never be emailed. */
  async markFailed(d: ClaimedDelivery, error: string): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [, count] = await m.query(
        `UPDATE mail_deliveries SET status = 'failed', sealed_token = NULL, claimed_at = NULL, last_error = $4, updated_at = now()
         WHERE ${FENCE}`,
        [d.id, d.tenantId, d.attempts, error],
      );
      if (count > 0) await audit(m, d, 'magiclink.email.failed', { delivery_id: d.id, error, attempts: d.attempts });
      return count > 0;
    });
  }

  /** Hands the delivery back ('queued') for a later attempt. */
  async release(d: ClaimedDelivery, error: string): Promise<boolean> {
    const [, count] = await this.db.query(
      `UPDATE mail_deliveries SET status = 'queued', claimed_at = NULL, last_error = $4, updated_at = now() WHERE ${FENCE}`,
      [d.id, d.tenantId, d.attempts, error],
    );
    return count > 0;
  }
}

/**
 * The mail-worker sends on behalf of whoever created the link: the audit event names that API key,
 * IP and user agent (all null for a link a browser asked for), and the link's user.
 */
async function audit(m: Db, d: ClaimedDelivery, action: string, data: Record<string, unknown>): Promise<void> {
  await m.query(
    `INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
     SELECT l.tenant_id, $2, l.api_key_id, 'magic_link', l.id, l.request_ip, l.request_user_agent, $4, l.user_id
     FROM magic_links l WHERE l.tenant_id = $1 AND l.id = $3`,
    [d.tenantId, action, d.linkId, JSON.stringify({ ...data, type: d.type, to: d.toAddress })],
  );
}

interface ClaimRow {
  id: string;
  tenant_id: string;
  link_id: string;
  user_id: string;
  to_address: string;
  sealed_token: Buffer | null;
  attempts: number;
  type: LinkType;
  language: string | null;
  expires_at: Date;
  consumed_at: Date | null;
  revoked_at: Date | null;
  user_status: string;
  app_name: string;
  sender_address: string | null;
  default_language: string | null;
  now: Date;
  has_code: boolean;
}

function toClaimed(r: ClaimRow): ClaimedDelivery {
  return {
    id: r.id, tenantId: r.tenant_id, linkId: r.link_id, userId: r.user_id, toAddress: r.to_address,
    sealedToken: r.sealed_token, attempts: r.attempts, type: r.type, language: r.language,
    expiresAt: r.expires_at, consumedAt: r.consumed_at, revokedAt: r.revoked_at, userStatus: r.user_status, appName: r.app_name,
    senderAddress: r.sender_address, defaultLanguage: r.default_language, now: r.now, hasCode: r.has_code === true,
  };
}
