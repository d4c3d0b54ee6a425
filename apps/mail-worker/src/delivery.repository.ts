import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MessageTemplates } from '@sesame/mail-templates';
import type { DeliveryChannel, LinkType } from '@sesame/domain';
import { QUEUES } from '@sesame/queue-contracts';
import { Batcher, eventOutboxPayload, outboxStep, subscribedTo } from '@sesame/persistence';
import { ClaimedDelivery, ProviderColumn, tenantProviderOf, tenantProviderSql } from './claimed-delivery';
import { ClaimColumns, ClaimSource } from './claims/claim-columns';
import type { Db } from './claims/db';
import type { ClaimOwner, ClaimResult, SendKey, SendStore } from './claims/send-store';
import type { SendResult } from './transports/mail-transport';

const CLAIMS = new ClaimColumns('mail_deliveries', {
  status: 'status', attempts: 'attempts', claimedAt: 'claimed_at', jobId: 'claim_job_id', jobAttempt: 'claim_job_attempt', claimedBy: 'claimed_by',
});

/**
 * The tenant check of a batch statement's join, as IS NOT DISTINCT FROM instead of `=` (the columns
 * are NOT NULL, so it means the same). These statements are planned at each execution, and an `=`
 * between tenant columns lets Postgres reach a table through its tenant index alone, checking the
 * row's id afterwards. With statistics taken while each tenant had a row or two (a young
 * database, before autovacuum's next visit), every tenant_id looks unique, so it did: the claim
 * joined all of the tenant's users to all of its links, 2-20 s per batch at a few thousand rows,
 * and every send of the mail-worker waited (batch-plans.int-spec.ts). Written this way the tenant
 * check is a filter, never an index condition: each row is reached by its primary key and the
 * tenant must still match.
 */
const sameTenant = (a: string, b: string) => `${a}.tenant_id IS NOT DISTINCT FROM ${b}.tenant_id`;

/**
 * Claims a batch of deliveries (CLAIMS: when a row is claimable) and reads what rendering needs
 * (templates, branding, transport) in the same statement: one round trip and one commit for every
 * claim the worker's concurrent jobs asked for meanwhile (`Batcher`). $1–$4 are the batch as
 * arrays (delivery ids, tenant ids, job ids, job run numbers), $5 the worker, $6 the claim timeout.
 *
 * The batch statements are planned at each execution, not prepared: planned with the batch's
 * arrays in hand, Postgres knows how many rows it holds, and it reads a table by primary key once
 * the table is large enough for that to pay (a generic plan would keep whatever it chose while
 * the tables were small; batch-plans.int-spec.ts). Planning costs a fraction of a millisecond
 * per batch, not per email.
 *
 * Rows are locked in id order before they are updated, so two batches sharing rows (a republished
 * job beside its original) wait for each other instead of deadlocking. A delivery asked for twice
 * in one batch is claimed by one of the runs: RETURNING names the run that won.
 */
const BATCH_SOURCE: ClaimSource = { jobId: 'k.job_id', jobAttempt: 'k.job_attempt', worker: '$5::text', timeoutMs: '$6::int' };
export const CLAIM_SQL = `
WITH locked AS (
  SELECT d.id, k.job_id, k.job_attempt
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS k(id, tenant_id, job_id, job_attempt)
  JOIN mail_deliveries d ON d.id = k.id AND ${sameTenant('d', 'k')}
  WHERE ${CLAIMS.claimable('d', BATCH_SOURCE)}
  ORDER BY d.id
  FOR UPDATE OF d
), claimed AS (
  UPDATE mail_deliveries d
  SET ${CLAIMS.set('d', BATCH_SOURCE)}, updated_at = now()
  FROM locked k
  WHERE d.id = k.id
  RETURNING d.id, d.tenant_id, d.link_id, d.channel, d.to_address, d.sealed_token, d.attempts, d.claim_job_id, d.claim_job_attempt
)
SELECT d.id, d.tenant_id, d.link_id, l.user_id, d.channel, d.to_address, d.sealed_token, d.attempts,
       d.claim_job_id, d.claim_job_attempt,
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
JOIN magic_links l ON l.id = d.link_id AND ${sameTenant('l', 'd')}
JOIN users u ON u.id = l.user_id AND ${sameTenant('u', 'l')}
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
  claim_job_id: string;
  claim_job_attempt: number;
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
 * The provider accepted these messages: each row becomes 'sent' (whoever holds the claim now: the
 * message did go out) and, the first time only, its audit event and webhook event (when an
 * endpoint of the tenant wants it) are written. One statement and one commit for all the sends
 * recorded meanwhile; planned and locked as CLAIM_SQL. $1–$7 are the batch as arrays: delivery
 * ids, tenant ids, providers, provider message ids, types (both the audit action and the event
 * type), audit data and event payloads (JSON texts).
 */
export const MARK_SENT_SQL = `
WITH locked AS (
  SELECT d.id, k.provider, k.message_id, k.type, k.audit, k.event
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS k(id, tenant_id, provider, message_id, type, audit, event)
  JOIN mail_deliveries d ON d.id = k.id AND ${sameTenant('d', 'k')}
  WHERE ${CLAIMS.unsent('d')}
  ORDER BY d.id
  FOR UPDATE OF d
), sent AS (
  UPDATE mail_deliveries d
  SET status = 'sent', sent_at = now(), provider = k.provider, provider_message_id = k.message_id, sealed_token = NULL,
      claimed_at = NULL, last_error = NULL, updated_at = now()
  FROM locked k
  WHERE d.id = k.id
  RETURNING d.id, d.tenant_id, d.link_id, k.type, k.audit, k.event
), audit AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT l.tenant_id, sent.type, l.api_key_id, 'magic_link', l.id, l.request_ip, l.request_user_agent, sent.audit::jsonb, l.user_id
  FROM sent JOIN magic_links l ON l.id = sent.link_id AND ${sameTenant('l', 'sent')}
), event AS (
  ${outboxStep(QUEUES.webhooks, 'fan-out', { json: 'sent.event::jsonb' }, { tenant: 'sent.tenant_id', from: 'sent', where: subscribedTo('sent.tenant_id', 'sent.type') })}
)
SELECT id::text FROM sent`;

/** The claims of a batch still held: $1–$3 are delivery ids, tenant ids and claim numbers. */
export const HOLDS_SQL = `
SELECT d.id::text, d.attempts
FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS k(id, tenant_id, attempts)
JOIN mail_deliveries d ON d.id = k.id AND ${sameTenant('d', 'k')} AND ${CLAIMS.heldBy('d', 'k.attempts')}`;

/** Updates of a claimed row only apply while this claim still holds it. */
const FENCE = CLAIMS.fence;

interface ClaimInput {
  key: SendKey;
  owner: ClaimOwner;
  claimTimeoutMs: number;
}

interface SentInput {
  d: ClaimedDelivery;
  result: SendResult;
}

/**
 * The link deliveries (mail_deliveries) as the claim-then-send protocol uses them; all their SQL is
 * here. The three statements of every send (claim, the check before the provider call, the record
 * of the provider's answer) are group-committed: the calls of the worker's concurrent jobs made
 * while the previous batch ran go to Postgres as one statement (`Batcher`), and each job still
 * waits for its own row. Under load that turns three commits per email into three per batch.
 */
@Injectable()
export class DeliveryRepository implements SendStore<ClaimedDelivery> {
  private readonly claims = new Batcher<ClaimInput, ClaimRow | null>((batch) => this.claimBatch(batch));
  private readonly held = new Batcher<ClaimedDelivery, boolean>((batch) => this.holdsBatch(batch));
  private readonly sent = new Batcher<SentInput, boolean>((batch) => this.markSentBatch(batch));

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async claim(key: SendKey, owner: ClaimOwner, claimTimeoutMs: number): Promise<ClaimResult<ClaimedDelivery>> {
    const row = await this.claims.add({ key, owner, claimTimeoutMs });
    return row ? { claimed: toClaimed(row) } : { claimed: null, state: await CLAIMS.state(this.db, key, owner, claimTimeoutMs) };
  }

  holds(d: ClaimedDelivery): Promise<boolean> {
    return this.held.add(d);
  }

  /** The provider accepted the message (MARK_SENT_SQL); false when it was already recorded. */
  markSent(d: ClaimedDelivery, result: SendResult): Promise<boolean> {
    return this.sent.add({ d, result });
  }

  private async claimBatch(batch: ClaimInput[]): Promise<(ClaimRow | null)[]> {
    // One worker and one timeout per process: every input of a batch carries the same.
    const { owner: { worker }, claimTimeoutMs } = batch[0];
    const rows: ClaimRow[] = await this.db.query(CLAIM_SQL, [
      ...columns(batch, ({ key }) => key.id, ({ key }) => key.tenantId, ({ owner }) => owner.jobId, ({ owner }) => owner.jobAttempt),
      worker, claimTimeoutMs,
    ]);
    const won = new Map(rows.map((r) => [`${r.id}/${r.claim_job_id}/${r.claim_job_attempt}`, r]));
    return batch.map(({ key, owner }) => won.get(`${key.id}/${owner.jobId}/${owner.jobAttempt}`) ?? null);
  }

  private async holdsBatch(batch: ClaimedDelivery[]): Promise<boolean[]> {
    const rows: { id: string; attempts: number }[] = await this.db.query(HOLDS_SQL, columns(batch, (d) => d.id, (d) => d.tenantId, (d) => d.attempts));
    const held = new Set(rows.map((r) => `${r.id}/${r.attempts}`));
    return batch.map((d) => held.has(`${d.id}/${d.attempts}`));
  }

  private async markSentBatch(batch: SentInput[]): Promise<boolean[]> {
    const records = batch.map(({ d, result: { provider, messageId } }) => {
      const type = d.channel === 'sms' ? 'magiclink.sms.sent' : 'magiclink.email.sent';
      const ref = { type: d.type, user_id: d.userId, link_id: d.linkId, delivery_id: d.id };
      const event = d.channel === 'sms'
        ? eventOutboxPayload('magiclink.sms.sent', { ...ref, phone: d.toAddress })
        : eventOutboxPayload('magiclink.email.sent', { ...ref, email: d.toAddress });
      const audit = { delivery_id: d.id, provider, provider_message_id: messageId, attempts: d.attempts, type: d.type, to: d.toAddress };
      return { d, provider, messageId, type, audit: JSON.stringify(audit), event };
    });
    const rows: { id: string }[] = await this.db.query(MARK_SENT_SQL, columns(records,
      (r) => r.d.id, (r) => r.d.tenantId, (r) => r.provider, (r) => r.messageId, (r) => r.type, (r) => r.audit, (r) => r.event));
    const sent = new Set(rows.map((r) => r.id));
    return batch.map(({ d }) => sent.has(d.id));
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

/** A batch as one array per column, the parameters of an `unnest(...)`. */
function columns<T>(rows: readonly T[], ...pick: ((row: T) => unknown)[]): unknown[][] {
  return pick.map((p) => rows.map(p));
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
