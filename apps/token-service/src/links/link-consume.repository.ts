import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ContextData, LinkType } from '@sesame/domain';
import type { Actor } from '@sesame/messaging';
import { currentTraceparent } from '@sesame/observability';
import { eventStep, preparedQuery } from '@sesame/persistence';

export interface ConsumeInput {
  /** Hashes of the token under every pepper; or `linkId` when the link was found another way. */
  candidates?: Buffer[];
  linkId?: string;
  /** null on the hosted page, where the token alone identifies the link. */
  tenantId: string | null;
  presentedIp: string | null;
  presentedUserAgent: string | null;
  actor: Actor;
  via: 'api' | 'hosted_page' | 'redirect_code' | 'fallback_code';
  /** Hosted page: hash of the one-time code to insert for the app's backend. */
  exchangeCodeHash: Buffer | null;
  exchangeCodeTtlSeconds: number;
  correlationId: string | null;
  /**
   * A sign-in request this link answers moves to `approved` (its asking screen then completes the
   * sign-in) or straight to `completed` (the code went to the browser that asked). Default approved.
   */
  requestState?: 'approved' | 'completed';
  /** The IP and user-agent binding was checked already, against the browser (a redirect code exchanged by a backend). */
  bindingChecked?: boolean;
}

export interface ConsumedLink {
  id: string;
  tenant_id: string;
  type: LinkType;
  user_id: string;
  email: string | null;
  context_data: ContextData | null;
  redirect_url: string | null;
  /** Returned by the consume (for the hosted approval page), not by an exchange-code redemption. */
  language?: string | null;
  app_origin: string;
  /** Set when the link answered a pending sign-in request. */
  request_match_code?: string | null;
  app_name?: string;
}

/**
 * Single use is this one conditional UPDATE: of any number of concurrent consumers exactly one
 * matches `consumed_at IS NULL`. Audit, webhook event, (hosted page) exchange code and the state
 * of the sign-in request the link answers (if any) ride along. `selector` picks the link: by
 * token hash candidates ($1 bytea[]) or by id ($1 uuid).
 *
 * The plan must start at the token hash's unique index (or the primary key) whatever the
 * statistics say: the prepared statement keeps a generic plan made while a tenant is young, and a
 * plan that starts elsewhere reads every row of the tenant on each consume. So:
 * - "neither consumed nor revoked" is one COALESCE, which does not match the predicate of the
 *   scheduler's partial index on live links' expiry (with that index usable, each consume read
 *   every live link: the bench's verifies fell to 300/s);
 * - the user and tenant checks are scalar subqueries, evaluated for the one link found. Written as
 *   EXISTS, Postgres turned them into joins and, with a new tenant's users estimated at a handful,
 *   planned tenants → users → links: 30,000 buffers per consume at 10,000 links, verifies fell to
 *   90/s (generic-plan.int-spec.ts keeps the plan on the index);
 * - by token hash, the link's id is found first by a scalar subquery with LIMIT 1 (a token has one
 *   link: its hashes under other peppers match nothing), ordered by the hash so that the index is
 *   the cheap way to the first row (unordered, a young table's generic plan scanned it instead). Matched with `= ANY($1)` directly, the
 *   generic plan costed ten index probes (Postgres's guess at an array's length) and every step
 *   after them ten times over, so Postgres never chose it and planned each consume again: planning
 *   these CTEs cost more than running them (custom plans: 1,400 consumes/s on eight connections;
 *   generic: 2,000–2,500).
 */
const consumeSql = (selector: string) => `
WITH c AS (
  UPDATE magic_links l
  SET consumed_at = now(), consumed_ip = $5, consumed_user_agent = $6
  WHERE ${selector} AND ($2::uuid IS NULL OR l.tenant_id = $2)
    AND COALESCE(l.consumed_at, l.revoked_at) IS NULL AND l.expires_at > now()
    AND ($13::boolean OR ((l.bind_ip IS NULL OR l.bind_ip = $3) AND (l.bind_user_agent IS NULL OR l.bind_user_agent = $4)))
    AND (SELECT u.status FROM users u WHERE u.tenant_id = l.tenant_id AND u.id = l.user_id) = 'active'
    AND (SELECT dt.disabled_at IS NULL FROM tenants dt WHERE dt.id = l.tenant_id)
  RETURNING l.id, l.tenant_id, l.type, l.user_id, l.context_data, l.redirect_url, l.language
), a AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT c.tenant_id, 'magiclink.consumed', $7, 'magic_link', c.id, $5, $6, jsonb_build_object('type', c.type, 'via', $8::text), c.user_id
  FROM c
), x AS (
  INSERT INTO exchange_codes (code_hash, tenant_id, link_id, expires_at)
  SELECT $9, c.tenant_id, c.id, now() + make_interval(secs => $10) FROM c WHERE $9::bytea IS NOT NULL
), e AS (
  ${eventStep('magiclink.consumed', { link_id: 'c.id', type: 'c.type', user_id: 'c.user_id', via: '$8::text' }, { tenant: 'c.tenant_id', from: 'c', correlationId: '$11::text', traceparent: '$14::text' })}
), r AS (
  UPDATE link_requests q SET state = $12::text,
    approved_at = now(), completed_at = CASE WHEN $12::text = 'completed' THEN now() END
  FROM c WHERE q.tenant_id = c.tenant_id AND q.link_id = c.id AND q.state = 'pending'
  RETURNING q.match_code
)
SELECT c.*, u.email, (t.policy->'app'->>'origin') AS app_origin, (SELECT match_code FROM r) AS request_match_code,
  COALESCE(t.policy->'app'->>'name', t.name) AS app_name
FROM c JOIN users u ON u.id = c.user_id JOIN tenants t ON t.id = c.tenant_id`;

export const CONSUME_SQL = consumeSql('l.id = (SELECT m.id FROM magic_links m WHERE m.token_hash = ANY($1) ORDER BY m.token_hash LIMIT 1)');
export const CONSUME_BY_ID_SQL = consumeSql('l.id = $1::uuid');

export interface LinkState {
  id: string;
  tenant_id: string;
  user_id: string;
  type: LinkType;
  /** The `language` the link was created with (its hosted page speaks it too); null when none was given. */
  language: string | null;
  consumed_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date;
  bind_ip: string | null;
  bind_user_agent: string | null;
  user_status: string;
  tenant_disabled: boolean;
  app_name: string;
  action_name: string | null;
  short_message: string | null;
  redirect_url: string | null;
  app_origin: string;
  confirm: 'always' | 'cross_device' | 'never';
  /** The public sign-in request the link answers, if any. */
  request_id: string | null;
  match_code: string | null;
  pkce: boolean | null;
  browser_nonce_hash: Buffer | null;
}

@Injectable()
export class LinkConsumeRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async consume(i: ConsumeInput): Promise<ConsumedLink | null> {
    const byId = i.linkId !== undefined;
    const rows = await preparedQuery<ConsumedLink>(this.db, byId ? 'link_consume_by_id' : 'link_consume', byId ? CONSUME_BY_ID_SQL : CONSUME_SQL, [
      byId ? i.linkId : i.candidates, i.tenantId, i.presentedIp, i.presentedUserAgent, i.actor.ip, i.actor.userAgent,
      i.actor.apiKeyId, i.via, i.exchangeCodeHash, i.exchangeCodeTtlSeconds, i.correlationId, i.requestState ?? 'approved',
      i.bindingChecked ?? false, currentTraceparent() ?? null,
    ]);
    return rows[0] ?? null;
  }

  /** Why a token did not verify (or, for the hosted page, what to show): read-only. */
  async state(candidates: Buffer[] | string, tenantId: string | null): Promise<LinkState | null> {
    const selector = typeof candidates === 'string' ? 'l.id = $1::uuid' : 'l.token_hash = ANY($1)';
    const rows = await this.db.query(
      `SELECT l.id, l.tenant_id, l.user_id, l.type, l.language, l.consumed_at, l.revoked_at, l.expires_at, l.bind_ip, l.bind_user_agent,
              u.status AS user_status, t.disabled_at IS NOT NULL AS tenant_disabled, COALESCE(t.policy->'app'->>'name', t.name) AS app_name,
              l.action_name, l.short_message,
              l.redirect_url, t.policy->'app'->>'origin' AS app_origin, COALESCE(t.policy->'sign_in'->>'confirm', 'cross_device') AS confirm,
              r.id AS request_id, r.match_code, r.code_challenge IS NOT NULL AS pkce, r.browser_nonce_hash
       FROM magic_links l JOIN users u ON u.id = l.user_id JOIN tenants t ON t.id = l.tenant_id
       LEFT JOIN link_requests r ON r.tenant_id = l.tenant_id AND r.link_id = l.id
       WHERE ${selector} AND ($2::uuid IS NULL OR l.tenant_id = $2)`,
      [candidates, tenantId],
    );
    return rows[0] ?? null;
  }

  async recordFailure(s: LinkState, reason: string, actor: Actor, correlationId: string | null): Promise<void> {
    await this.db.query(
      `WITH a AS (
         INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
         VALUES ($1, 'magiclink.verification_failed', $3, 'magic_link', $2, $4, $5, jsonb_build_object('reason', $6::text), $8)
       )
       ${eventStep('magiclink.verification_failed', { link_id: '$2::uuid', reason: '$6::text' }, { tenant: '$1', correlationId: '$7::text', traceparent: '$9::text' })}`,
      [s.tenant_id, s.id, actor.apiKeyId, actor.ip, actor.userAgent, reason, correlationId, s.user_id, currentTraceparent() ?? null],
    );
  }
}
