import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@sesame/messaging';
import type { EventData } from '@sesame/domain';
import { currentTraceparent } from '@sesame/observability';
import { eventStep, jsonbObject, SqlFields } from '@sesame/persistence';

/** `data` of user.password_reset, for the webhook event (EventPayloads) and the audit row. */
const resetEventData = (method: 'hosted_page' | 'reset_grant', stored: string): SqlFields<EventData<'user.password_reset'>> =>
  ({ user_id: 'p.id', email: 'p.email', method: `'${method}'`, password_stored: stored });

/**
 * Consumes a password_reset link — never a link of another type — with the same checks as any
 * consume (live, bindings, active user), and in the same statement either stores the new password
 * (hosted page) or issues a reset grant (API). The link-consumed trigger revokes the user's other
 * reset links. Parameters: $1 token hash candidates, $2 tenant (null on the hosted page), $3/$4
 * presented IP and user agent, $5/$6 actor IP and user agent, $7 actor API key, $8 via, $9 new
 * password hash or null, $10 grant hash or null, $11 grant lifetime (s), $12 correlation id, $13 traceparent.
 */
const CONSUME_RESET_SQL = `
WITH c AS (
  UPDATE magic_links l
  SET consumed_at = now(), consumed_ip = $5, consumed_user_agent = $6
  WHERE l.token_hash = ANY($1) AND ($2::uuid IS NULL OR l.tenant_id = $2) AND l.type = 'password_reset'
    AND l.consumed_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > now()
    AND (l.bind_ip IS NULL OR l.bind_ip = $3) AND (l.bind_user_agent IS NULL OR l.bind_user_agent = $4)
    AND EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = l.tenant_id AND u.id = l.user_id AND u.status = 'active')
  RETURNING l.id, l.tenant_id, l.type, l.user_id, l.redirect_url
), a AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT c.tenant_id, 'magiclink.consumed', $7, 'magic_link', c.id, $5, $6, jsonb_build_object('type', c.type, 'via', $8::text), c.user_id
  FROM c
), e AS (
  ${eventStep('magiclink.consumed', { link_id: 'c.id', type: 'c.type', user_id: 'c.user_id', via: '$8::text' }, { tenant: 'c.tenant_id', from: 'c', correlationId: '$12::text', traceparent: '$13::text' })}
), p AS (
  UPDATE users u SET password_hash = $9, password_changed_at = now(), updated_at = now()
  FROM c WHERE $9::text IS NOT NULL AND u.tenant_id = c.tenant_id AND u.id = c.user_id
  RETURNING u.id, u.email, u.tenant_id
), pa AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT p.tenant_id, 'user.password_reset', $7, 'user', p.id, $5, $6, ${jsonbObject(resetEventData('hosted_page', 'true'))}, p.id FROM p
), pe AS (
  ${eventStep('user.password_reset', resetEventData('hosted_page', 'true'), { tenant: 'p.tenant_id', from: 'p', correlationId: '$12::text', traceparent: '$13::text' })}
), g AS (
  INSERT INTO password_reset_grants (grant_hash, tenant_id, user_id, link_id, expires_at)
  SELECT $10, c.tenant_id, c.user_id, c.id, now() + make_interval(secs => $11) FROM c WHERE $10::bytea IS NOT NULL
  RETURNING expires_at
)
SELECT c.id, c.user_id, c.redirect_url, u.email, (t.policy->'app'->>'origin') AS app_origin,
       COALESCE(t.policy->'app'->>'name', t.name) AS app_name, (SELECT expires_at FROM g) AS grant_expires_at
FROM c JOIN users u ON u.id = c.user_id JOIN tenants t ON t.id = c.tenant_id`;

/** Redeems the hosted page's one-time code of a password_reset link (only) for a reset grant. */
const REDEEM_CODE_SQL = `
WITH x AS (
  UPDATE exchange_codes x SET used_at = now()
  FROM magic_links l
  WHERE x.code_hash = $1 AND x.tenant_id = $2 AND x.used_at IS NULL AND x.expires_at > now()
    AND l.id = x.link_id AND l.tenant_id = x.tenant_id AND l.type = 'password_reset'
  RETURNING l.id, l.user_id
), g AS (
  INSERT INTO password_reset_grants (grant_hash, tenant_id, user_id, link_id, expires_at)
  SELECT $3, $2, x.user_id, x.id, now() + make_interval(secs => $4) FROM x
  RETURNING user_id, expires_at AS grant_expires_at
)
SELECT g.user_id, g.grant_expires_at, u.email FROM g JOIN users u ON u.tenant_id = $2 AND u.id = g.user_id`;

/** Uses a grant once; stores the password when one is given; audits and emits user.password_reset. */
const COMPLETE_GRANT_SQL = `
WITH g AS (
  UPDATE password_reset_grants SET used_at = now()
  WHERE grant_hash = ANY($1) AND tenant_id = $2 AND used_at IS NULL AND expires_at > now()
  RETURNING user_id
), s AS (
  UPDATE users u SET password_hash = $3, password_changed_at = now(), updated_at = now()
  FROM g WHERE $3::text IS NOT NULL AND u.tenant_id = $2 AND u.id = g.user_id
), p AS (
  SELECT u.id, u.email FROM g JOIN users u ON u.tenant_id = $2 AND u.id = g.user_id
), a AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT $2, 'user.password_reset', $4, 'user', p.id, $5, $6, ${jsonbObject(resetEventData('reset_grant', '$3::text IS NOT NULL'))}, p.id FROM p
), e AS (
  ${eventStep('user.password_reset', resetEventData('reset_grant', '$3::text IS NOT NULL'), { tenant: '$2::uuid', from: 'p', correlationId: '$7::text', traceparent: '$8::text' })}
)
SELECT p.id AS user_id, p.email FROM p`;

export interface ConsumeResetInput {
  candidates: Buffer[];
  tenantId: string | null;
  presentedIp: string | null;
  presentedUserAgent: string | null;
  actor: Actor;
  via: 'api' | 'hosted_page';
  passwordHash: string | null;
  grantHash: Buffer | null;
  grantTtlSeconds: number;
  correlationId: string | null;
}

export interface ConsumedReset {
  id: string;
  user_id: string;
  email: string;
  redirect_url: string | null;
  app_origin: string;
  app_name: string;
  grant_expires_at: Date | null;
}

@Injectable()
export class PasswordResetRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async consume(i: ConsumeResetInput): Promise<ConsumedReset | null> {
    const rows: ConsumedReset[] = await this.db.query(CONSUME_RESET_SQL, [
      i.candidates, i.tenantId, i.presentedIp, i.presentedUserAgent, i.actor.ip, i.actor.userAgent, i.actor.apiKeyId, i.via,
      i.passwordHash, i.grantHash, i.grantTtlSeconds, i.correlationId, currentTraceparent() ?? null,
    ]);
    return rows[0] ?? null;
  }

  async redeemCode(codeHash: Buffer, tenantId: string, grantHash: Buffer, grantTtlSeconds: number): Promise<{ user_id: string; email: string; grant_expires_at: Date } | null> {
    const rows = await this.db.query(REDEEM_CODE_SQL, [codeHash, tenantId, grantHash, grantTtlSeconds]);
    return rows[0] ?? null;
  }

  async completeGrant(
    candidates: Buffer[], tenantId: string, passwordHash: string | null, actor: Actor, correlationId: string | null,
  ): Promise<{ user_id: string; email: string } | null> {
    const rows = await this.db.query(COMPLETE_GRANT_SQL, [
      candidates, tenantId, passwordHash, actor.apiKeyId, actor.ip, actor.userAgent, correlationId, currentTraceparent() ?? null,
    ]);
    return rows[0] ?? null;
  }
}
