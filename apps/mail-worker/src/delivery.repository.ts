import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { MailDeliveryStatus } from '@sesame/persistence';
import { eventOutboxPayload, preparedQuery } from '@sesame/persistence';
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

/**
 * The provider accepted the message: the row becomes 'sent' (whoever holds the claim now: the
 * message did go out) and, the first time only, the audit event and the webhook event (when an
 * endpoint of the tenant wants it) are written. One statement, so one round trip and one commit
 * per message on the hot path. $5 is both the audit action and the event type.
 */
const MARK_SENT_SQL = `
WITH sent AS (
  UPDATE mail_deliveries
  SET status = 'sent', sent_at = now(), provider = $3, provider_message_id = $4, sealed_token = NULL,
      claimed_at = NULL, last_error = NULL, updated_at = now()
  WHERE id = $1 AND tenant_id = $2 AND status <> 'sent'
  RETURNING tenant_id, link_id
), audit AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT l.tenant_id, $5, l.api_key_id, 'magic_link', l.id, l.request_ip, l.request_user_agent, $6::jsonb, l.user_id
  FROM sent JOIN magic_links l ON l.tenant_id = sent.tenant_id AND l.id = sent.link_id
), event AS (
  INSERT INTO outbox (tenant_id, queue, job_name, payload)
  SELECT sent.tenant_id, 'webhooks', 'fan-out', $7::jsonb FROM sent
  WHERE EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.tenant_id = $2 AND w.enabled AND w.events && ARRAY[$5::text, '*'])
)
SELECT count(*)::int AS sent FROM sent`;

/** Updates of a claimed row only apply while this claim still holds it. */
const FENCE = `id = $1 AND tenant_id = $2 AND status = 'sending' AND attempts = $3`;

@Injectable()
export class DeliveryRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async claim(deliveryId: string, tenantId: string, claimTimeoutMs: number): Promise<ClaimedDelivery | null> {
    const rows = await preparedQuery<ClaimRow>(this.db, 'mail_delivery_claim', CLAIM_SQL, [deliveryId, tenantId, claimTimeoutMs]);
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

  /** The provider accepted the message (MARK_SENT_SQL); false when it was already recorded. */
  async markSent(d: ClaimedDelivery, provider: string, messageId: string | null): Promise<boolean> {
    const type = d.channel === 'sms' ? 'magiclink.sms.sent' : 'magiclink.email.sent';
    const ref = { type: d.type, user_id: d.userId, link_id: d.linkId, delivery_id: d.id };
    const event = d.channel === 'sms'
      ? eventOutboxPayload('magiclink.sms.sent', { ...ref, phone: d.toAddress })
      : eventOutboxPayload('magiclink.email.sent', { ...ref, email: d.toAddress });
    const auditData = { delivery_id: d.id, provider, provider_message_id: messageId, attempts: d.attempts, type: d.type, to: d.toAddress };
    const [row] = await preparedQuery<{ sent: number }>(this.db, 'mail_delivery_mark_sent', MARK_SENT_SQL, [
      d.id, d.tenantId, provider, messageId, type, JSON.stringify(auditData), event,
    ]);
    return row.sent > 0;
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
