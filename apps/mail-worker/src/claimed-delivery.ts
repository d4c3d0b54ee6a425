import type { DeliveryChannel, LinkType } from '@sesame/domain';
import type { MessageTemplates } from '@sesame/mail-templates';

/** The tenant's own transport for the delivery's channel (PUT /v1/providers/{channel}); null: the deployment's. */
export interface TenantProvider {
  kind: string;
  settings: Record<string, unknown>;
  sealedCredentials: Buffer | null;
  updatedAt: Date;
}

/** A delivery this worker now holds ('sending'), with everything needed to render and send it. */
export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  linkId: string;
  userId: string;
  channel: DeliveryChannel;
  /** An email address, or an E.164 number for sms. */
  toAddress: string;
  sealedToken: Buffer | null;
  /** The link answers a sign-in request: the message carries its 6-digit fallback code. */
  hasCode: boolean;
  /** The claim's number: fences later updates against a worker that took the claim over. */
  attempts: number;
  type: LinkType;
  /** Request language (already a supported one or null), then the user's, then the tenant default. */
  language: string | null;
  userLanguage: string | null;
  defaultLanguage: string | null;
  actionName: string | null;
  shortMessage: string | null;
  expiresAt: Date;
  consumedAt: Date | null;
  revokedAt: Date | null;
  /** `active` or `disabled`: a disabled user's link is not sent. */
  userStatus: string;
  /** From the tenant policy (`app` and `branding` sections). */
  appName: string;
  senderAddress: string | null;
  branding: Record<string, unknown> | null;
  /** The tenant's template overrides of this link type, by language. */
  overrides: Record<string, MessageTemplates> | null;
  provider: TenantProvider | null;
  /** Database clock, so expiry is judged by one clock across replicas. */
  now: Date;
}

/**
 * The tenant's own transport for a channel, as the jsonb column a claim statement returns (read it
 * with `tenantProviderOf`); null when the tenant uses the deployment's.
 */
export const tenantProviderSql = (tenantId: string, channel: string): string => `(
  SELECT jsonb_build_object('kind', p.kind, 'settings', p.settings, 'credentials', encode(p.sealed_credentials, 'base64'), 'updated_at', p.updated_at)
  FROM mail_providers p WHERE p.tenant_id = ${tenantId} AND p.channel = ${channel})`;

/**
 * Claims a queued delivery, or one whose claim is older than the timeout (its worker died).
 * Concurrent claimers serialise on the row lock; the loser re-checks the WHERE and gets no row.
 * The same statement reads what rendering needs (templates, branding, transport): one round trip.
 *
 * The claim is a CTE and the link, user and tenant are joined to its result by primary key. Joined
 * in the UPDATE itself, `d.tenant_id = $2` made `l.tenant_id = $2` a constant, and while a tenant's
 * tables had no statistics yet Postgres planned to read all the tenant's links and users for every
 * claim; the prepared statement kept that plan, and sends slowed as the tenant grew (to under 10 a
 * second in the mail bench after 6,000 links).
 */
export const CLAIM_SQL = `
WITH claimed AS (
  UPDATE mail_deliveries d
  SET status = 'sending', claimed_at = now(), attempts = d.attempts + 1, updated_at = now()
  WHERE d.id = $1 AND d.tenant_id = $2
    AND (d.status = 'queued' OR (d.status = 'sending' AND d.claimed_at < now() - $3::int * interval '1 millisecond'))
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

export interface ClaimRow {
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

export function toClaimed(r: ClaimRow): ClaimedDelivery {
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

/** The tenant's transport as a claim statement reads it (jsonb, credentials base64). */
export type ProviderColumn = { kind: string; settings: Record<string, unknown>; credentials: string | null; updated_at: string } | null;

export function tenantProviderOf(p: ProviderColumn): TenantProvider | null {
  return p && {
    kind: p.kind,
    settings: p.settings,
    sealedCredentials: p.credentials ? Buffer.from(p.credentials, 'base64') : null,
    updatedAt: new Date(p.updated_at),
  };
}
