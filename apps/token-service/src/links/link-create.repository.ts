import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ContextData, DeliveryChannel } from '@sesame/domain';
import { QUEUES } from '@sesame/queue-contracts';
import type { Actor } from '@sesame/messaging';
import { currentTraceparent } from '@sesame/observability';
import { eventStep, outboxStep, preparedQuery } from '@sesame/persistence';
import { attributeAddressSql } from '../shared/magic-link-address';
import { LINK_COLUMNS, LinkRow } from './link-row';

export interface NewLink {
  id: string;
  tenantId: string;
  /** Exactly one of userId / email. */
  userId?: string;
  email?: string;
  newUserId: string;
  /** An unknown email or phone creates the user (policy `users.unknown_email` = create) or inserts nothing. */
  createUnknownUser: boolean;
  /** Policy `users.email_attribute`: the attribute holding the magic-link address (`email`: the email itself). */
  emailAttribute: string;
  /** Send to this one of the user's addresses instead of the default one (Entrust `email`). */
  deliverTo: string | null;
  type: string;
  tokenHash: Buffer;
  redirectUrl: string | null;
  contextData: ContextData | null;
  language: string | null;
  bindIp: string | null;
  bindUserAgent: string | null;
  ttlSeconds: number;
  /** `sms`: the delivery goes to `phone`, else the user's phone; nothing is inserted when neither exists. */
  channel: DeliveryChannel;
  /** E.164; alone (no userId, no email) it finds, or creates, the user with this phone; with an email, a new user gets it. */
  phone: string | null;
  actionName: string | null;
  shortMessage: string | null;
  /** Present when the link is to be emailed: the delivery row, its sealed token and outbox job. */
  delivery: { id: string; sealedToken: Buffer } | null;
  actor: Actor;
  correlationId: string | null;
}

/**
 * Creating a link is one SQL statement: find or create the user, insert the link, its mail
 * delivery, the outbox row that will enqueue the send, the audit events and (when an endpoint
 * subscribes) the webhook events — all committed together or not at all.
 *
 * The delivery goes to the user's magic-link address: the per-user override, else the attribute
 * the policy names (when it holds an address), else the email. Nothing is inserted when the user
 * is disabled, unknown (and may not be created), or `deliverTo` is not one of their addresses.
 * An sms link goes to the request's phone, else the user's; a user without either gets none.
 * A user created here keeps the request's phone too (Passage: email and phone); nothing is inserted
 * when that phone is already another user's. A phone alone creates a user without an email
 * (Passage: "If the user does not exist, they will be created"), who can only be emailed nothing.
 * (New parameters are appended at the end: other features add theirs there too.)
 */
export const CREATE_SQL = `
WITH ins_user AS (
  INSERT INTO users (id, tenant_id, email, phone)
  SELECT $3::uuid, $1::uuid, $2::text, $24::text
  -- By phone alone only when nothing is to be emailed: such a user has no address to email.
  WHERE $20::boolean AND ($2::text IS NOT NULL OR ($24::text IS NOT NULL AND $4::uuid IS NULL AND ($17::uuid IS NULL OR $23::text = 'sms')))
    AND ($24::text IS NULL OR NOT EXISTS (SELECT 1 FROM users WHERE tenant_id = $1::uuid AND phone = $24::text))
  ON CONFLICT DO NOTHING
  RETURNING id, email, status, attributes, magic_link_email, phone
), found AS (
  SELECT id, email, status, attributes, magic_link_email, phone FROM ins_user
  UNION ALL
  SELECT id, email, status, attributes, magic_link_email, phone FROM users
  WHERE tenant_id = $1::uuid AND (($2::text IS NOT NULL AND email = $2::text) OR ($4::uuid IS NOT NULL AND id = $4::uuid)
    OR ($24::text IS NOT NULL AND $2::text IS NULL AND $4::uuid IS NULL AND phone = $24::text))
  LIMIT 1
), u AS (
  SELECT f.*,
         CASE WHEN $23::text = 'sms' THEN COALESCE($24::text, f.phone)
              ELSE COALESCE($22::text, f.magic_link_email, a.address, f.email) END AS to_address,
         ($22::text IS NULL OR $22::text IN (f.email, f.magic_link_email, a.address))
           AND ($23::text <> 'sms' OR $17::uuid IS NULL OR COALESCE($24::text, f.phone) IS NOT NULL)
           AND ($23::text = 'sms' OR $17::uuid IS NULL OR COALESCE(f.magic_link_email, a.address, f.email) IS NOT NULL) AS may_deliver
  FROM found f CROSS JOIN LATERAL (SELECT ${attributeAddressSql('f.attributes', '$21')} AS address) a
), l AS (
  INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, redirect_url, context_data, language,
                           request_ip, request_user_agent, bind_ip, bind_user_agent, api_key_id, expires_at,
                           channel, phone, action_name, short_message)
  SELECT $5::uuid, $1::uuid, u.id, $6::text, $7::bytea, $8::text, $9::jsonb, $10::text, $11::text, $12::text, $13::text, $14::text,
         $15::uuid, now() + make_interval(secs => $16::int), $23::text, $24::text, $25::text, $26::text
  FROM u WHERE u.status = 'active' AND u.may_deliver
  ON CONFLICT (id) DO NOTHING
  RETURNING *
), d AS (
  INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address, sealed_token, channel)
  SELECT $17, $1, l.id, u.to_address, $18, $23 FROM l, u WHERE $17::uuid IS NOT NULL
  RETURNING id
), o AS (
  ${outboxStep(QUEUES.mail, 'send-link', { deliveryId: 'd.id', correlationId: '$19::text', traceparent: '$27::text' }, { tenant: '$1', from: 'd' })}
), a AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT $1, 'magiclink.created', $15, 'magic_link', l.id, $11, $12,
         jsonb_build_object('type', l.type, 'send', $17::uuid IS NOT NULL, 'user_created', EXISTS (SELECT 1 FROM ins_user)), l.user_id
  FROM l
), e AS (
  ${eventStep('magiclink.created', { link_id: 'l.id', type: 'l.type', user_id: 'l.user_id', email: 'u.email' }, { tenant: '$1', from: 'l, u', correlationId: '$19::text', traceparent: '$27::text' })}
), ua AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT $1, 'user.created', $15, 'user', i.id, $11, $12, jsonb_build_object('via', 'magic_link', 'email', i.email), i.id
  FROM ins_user i
), ue AS (
  ${eventStep('user.created', { user_id: 'i.id', email: 'i.email', status: 'i.status' }, { tenant: '$1', from: 'ins_user i', correlationId: '$19::text', traceparent: '$27::text' })}
)
-- u, not users: a user inserted by this statement is not visible in users to its own main query.
SELECT ${LINK_COLUMNS}, (SELECT count(*) FROM ins_user)::int AS user_created
FROM l JOIN u ON u.id = l.user_id`;

@Injectable()
export class LinkCreateRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async create(n: NewLink, m: Pick<EntityManager, 'query'> = this.db): Promise<(LinkRow & { user_created: number }) | null> {
    const rows = await preparedQuery<LinkRow & { user_created: number }>(m, 'link_create', CREATE_SQL, [
      n.tenantId, n.email ?? null, n.newUserId, n.userId ?? null, n.id, n.type, n.tokenHash, n.redirectUrl,
      n.contextData ? JSON.stringify(n.contextData) : null, n.language, n.actor.ip, n.actor.userAgent,
      n.bindIp, n.bindUserAgent, n.actor.apiKeyId, n.ttlSeconds, n.delivery?.id ?? null, n.delivery?.sealedToken ?? null,
      n.correlationId, n.createUnknownUser, n.emailAttribute, n.deliverTo,
      n.channel, n.phone, n.actionName, n.shortMessage, currentTraceparent() ?? null,
    ]);
    return rows[0] ?? null;
  }
}
