import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@sesame/messaging';
import { preparedQuery } from '@sesame/persistence';
import { LINK_COLUMNS, LinkRow } from './link-row';

export interface NewLink {
  id: string;
  tenantId: string;
  /** Exactly one of userId / email. */
  userId?: string;
  email?: string;
  newUserId: string;
  type: string;
  tokenHash: Buffer;
  redirectUrl: string | null;
  contextData: Record<string, string> | null;
  language: string | null;
  bindIp: string | null;
  bindUserAgent: string | null;
  ttlSeconds: number;
  /** Present when the link is to be emailed: the delivery row, its sealed token and outbox job. */
  delivery: { id: string; sealedToken: Buffer } | null;
  actor: Actor;
  correlationId: string | null;
}

/**
 * Creating a link is one SQL statement: find or create the user, insert the link, its mail
 * delivery, the outbox row that will enqueue the send, the audit event and (when an endpoint
 * subscribes) the magiclink.created webhook event — all committed together or not at all.
 */
const CREATE_SQL = `
WITH ins_user AS (
  INSERT INTO users (id, tenant_id, email)
  SELECT $3::uuid, $1::uuid, $2::text WHERE $2::text IS NOT NULL
  ON CONFLICT (tenant_id, email) DO NOTHING
  RETURNING id, email, status
), u AS (
  SELECT id, email, status FROM ins_user
  UNION ALL
  SELECT id, email, status FROM users
  WHERE tenant_id = $1::uuid AND (($2::text IS NOT NULL AND email = $2::text) OR ($4::uuid IS NOT NULL AND id = $4::uuid))
  LIMIT 1
), l AS (
  INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, redirect_url, context_data, language,
                           request_ip, request_user_agent, bind_ip, bind_user_agent, api_key_id, expires_at)
  SELECT $5::uuid, $1::uuid, u.id, $6::text, $7::bytea, $8::text, $9::jsonb, $10::text, $11::text, $12::text, $13::text, $14::text,
         $15::uuid, now() + make_interval(secs => $16::int)
  FROM u WHERE u.status = 'active'
  ON CONFLICT (id) DO NOTHING
  RETURNING *
), d AS (
  INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address, sealed_token)
  SELECT $17, $1, l.id, u.email, $18 FROM l, u WHERE $17::uuid IS NOT NULL
  RETURNING id
), o AS (
  INSERT INTO outbox (tenant_id, queue, job_name, payload)
  SELECT $1, 'mail', 'send-link', jsonb_build_object('deliveryId', d.id, 'correlationId', $19::text) FROM d
), a AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data)
  SELECT $1, 'magiclink.created', $15, 'magic_link', l.id, $11, $12,
         jsonb_build_object('type', l.type, 'send', $17::uuid IS NOT NULL, 'user_created', EXISTS (SELECT 1 FROM ins_user))
  FROM l
), e AS (
  INSERT INTO outbox (tenant_id, queue, job_name, payload)
  SELECT $1, 'webhooks', 'fan-out', jsonb_build_object(
    'event', jsonb_build_object('type', 'magiclink.created', 'timestamp', to_jsonb(now()),
      'data', jsonb_build_object('link_id', l.id, 'type', l.type, 'user_id', l.user_id, 'email', u.email)),
    'correlationId', $19::text)
  FROM l, u
  WHERE EXISTS (SELECT 1 FROM webhook_endpoints w
                WHERE w.tenant_id = $1 AND w.enabled AND w.events && ARRAY['magiclink.created', '*'])
)
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
      n.correlationId,
    ]);
    return rows[0] ?? null;
  }
}
