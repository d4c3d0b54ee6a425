import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MessageTemplates } from '@sesame/mail-templates';
import type { DeliveryChannel, LinkType } from '@sesame/domain';
import { QUEUES } from '@sesame/queue-contracts';
import { eventOutboxPayload, outboxStep, preparedQuery, subscribedTo } from '@sesame/persistence';
import { ClaimedDelivery, ProviderColumn, tenantProviderOf, tenantProviderSql } from './claimed-delivery';
import { ClaimColumns } from './claims/claim-columns';
import type { Db } from './claims/db';
import type { ClaimOwner, ClaimResult, SendKey, SendStore } from './claims/send-store';
import type { SendResult } from './transports/mail-transport';

const CLAIMS = new ClaimColumns('mail_deliveries', {
  status: 'status', attempts: 'attempts', claimedAt: 'claimed_at', jobId: 'claim_job_id', jobAttempt: 'claim_job_attempt', claimedBy: 'claimed_by',
});

/**
 * Claims a delivery (CLAIMS: when a row is claimable, and the parameters). The same statement reads what rendering needs (templates, branding, transport): one round trip.
 *
 * The claim is a CTE and the link, user and tenant are joined to its result by primary key. Joined
 * in the UPDATE itself, `d.tenant_id = $2` made `l.tenant_id = $2` a constant, and while a tenant's
 * tables had no statistics yet Postgres planned to read all the tenant's links and users for every
 * claim; the prepared statement kept that plan, and sends slowed as the tenant grew (to under 10 a
 * second in the mail bench after 6,000 links).
 */
const CLAIM_SQL = `
WITH claimed AS (
  UPDATE mail_deliveries d
  SET ${CLAIMS.set('d')}, updated_at = now()
  WHERE d.id = $1 AND d.tenant_id = $2 AND ${CLAIMS.claimable('d')}
  RETURNING d.id, d.tenant_id, d.link_id, d.channel, d.to_address, d.sealed_token, d.attempts
)
SELECT d.id, d.tenant_id, d.link_id, l.user_id, d.channel, d.to_address, d.sealed_token, d.attempts,
       l.type, l.language, u.language AS user_language, l.action_name, l.short_message,
       l.expires_at, l.consumed_at, l.revoked_at, u.status AS user_status,
       COALESCE(t.policy->'app'->>'name', t.name) AS app_name, t.policy->'app'->>'sender_address' AS sender_address,
       t.policy->'app'->>'default_language' AS default_language, t.policy->'branding' AS branding,
       (SELECT jsonb_object_agg(mt.language, jsonb_build_object('subject', mt.subject, 'html', mt.html, 'text', mt.text))
          FROM mail_templates mt WHERE mt.tenant_id = d.tenant_id AND mt.type = l.type) AS overrides,
       ${tenantProviderSql('d.tenant_id', 'd.channel')} AS provider,
       EXISTS (SELECT 1 FROM link_requests r WHERE r.tenant_id = l.tenant_id AND r.link_id = l.id) AS has_code,
       now() AS now
FROM claimed d
JOIN magic_links l ON l.id = d.link_id AND l.tenant_id = d.tenant_id
JOIN users u ON u.id = l.user_id AND u.tenant_id = l.tenant_id
JOIN tenants t ON t.id = d.tenant_id`;

interface ClaimRow {
  id: string;
  tenant_id: string;
  link_id: string;
  user_id: string;
  channel: DeliveryChannel;
  to_address: string;
  sealed_token: Buffer | null;
  has_code: boolean;
  attempts: number;
  type: LinkType;
  language: string | null;
  user_language: string | null;
  action_name: string | null;
  short_message: string | null;
  expires_at: Date;
  consumed_at: Date | null;
  revoked_at: Date | null;
  user_status: string;
  app_name: string;
  sender_address: string | null;
  default_language: string | null;
  branding: Record<string, unknown> | null;
  overrides: Record<string, MessageTemplates> | null;
  provider: ProviderColumn;
  now: Date;
}

function toClaimed(r: ClaimRow): ClaimedDelivery {
  return {
    id: r.id, tenantId: r.tenant_id, linkId: r.link_id, userId: r.user_id, channel: r.channel, toAddress: r.to_address,
    sealedToken: r.sealed_token, hasCode: r.has_code === true, attempts: r.attempts, type: r.type,
    language: r.language, userLanguage: r.user_language, defaultLanguage: r.default_language,
    actionName: r.action_name, shortMessage: r.short_message,
    expiresAt: r.expires_at, consumedAt: r.consumed_at, revokedAt: r.revoked_at, userStatus: r.user_status, appName: r.app_name,
    senderAddress: r.sender_address, branding: r.branding, overrides: r.overrides,
    provider: tenantProviderOf(r.provider),
    now: r.now,
  };
}

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
  ${outboxStep(QUEUES.webhooks, 'fan-out', { json: '$7::jsonb' }, { tenant: 'sent.tenant_id', from: 'sent', where: subscribedTo('$2', '$5::text') })}
)
SELECT count(*)::int AS sent FROM sent`;

/** Updates of a claimed row only apply while this claim still holds it. */
const FENCE = CLAIMS.fence;

/** The link deliveries (mail_deliveries) as the claim-then-send protocol uses them; all their SQL is here. */
@Injectable()
export class DeliveryRepository implements SendStore<ClaimedDelivery> {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  claim(keys: readonly SendKey[], owner: ClaimOwner, claimTimeoutMs: number): Promise<ClaimResult<ClaimedDelivery>[]> {
    return Promise.all(keys.map(async (key) => {
      const rows = await preparedQuery<ClaimRow>(this.db, 'mail_delivery_claim', CLAIM_SQL, CLAIMS.params(key, owner, claimTimeoutMs));
      return rows[0] ? { claimed: toClaimed(rows[0]) } : { claimed: null, state: await CLAIMS.state(this.db, key, owner, claimTimeoutMs) };
    }));
  }

  holds(d: ClaimedDelivery): Promise<boolean> {
    return CLAIMS.holds(this.db, d);
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
  async markSent(d: ClaimedDelivery, { provider, messageId }: SendResult): Promise<boolean> {
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
  release(d: ClaimedDelivery, error: string): Promise<boolean> {
    return CLAIMS.release(this.db, d, 'last_error', error, ', updated_at = now()');
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
