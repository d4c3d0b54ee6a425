import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { MailDeliveryStatus } from '@sesame/persistence';
import { recordEvent } from '@sesame/persistence';
import { ClaimedDelivery, CLAIM_SQL, ClaimRow, toClaimed } from './claimed-delivery';

export interface DeliveryState {
  status: MailDeliveryStatus;
  /** How long the current claim has left, in ms (≤ 0 when stale or unclaimed). */
  claimRemainingMs: number;
}

type Db = Pick<EntityManager, 'query'>;

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
      await audit(m, d, d.channel === 'sms' ? 'magiclink.sms.sent' : 'magiclink.email.sent', { delivery_id: d.id, provider, provider_message_id: messageId, attempts: d.attempts });
      const ref = { type: d.type, user_id: d.userId, link_id: d.linkId, delivery_id: d.id };
      if (d.channel === 'sms') await recordEvent(m, d.tenantId, 'magiclink.sms.sent', { ...ref, phone: d.toAddress });
      else await recordEvent(m, d.tenantId, 'magiclink.email.sent', { ...ref, email: d.toAddress });
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
