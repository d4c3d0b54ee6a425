import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@sesame/messaging';
import { currentTraceparent } from '@sesame/observability';
import { eventStep } from '@sesame/persistence';

/**
 * Revokes live links — one by id, or every one of a user — with an audit event and (when
 * subscribed) a webhook event per link, in one statement.
 */
const REVOKE_SQL = (which: string) => `
WITH r AS (
  UPDATE magic_links SET revoked_at = now()
  WHERE tenant_id = $1 AND ${which} AND consumed_at IS NULL AND revoked_at IS NULL
  RETURNING id, type, user_id
), a AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT $1, 'magiclink.revoked', $3, 'magic_link', r.id, $4, $5, jsonb_build_object('type', r.type), r.user_id FROM r
), e AS (
  ${eventStep('magiclink.revoked', { link_id: 'r.id', type: 'r.type', user_id: 'r.user_id' }, { tenant: '$1', from: 'r', correlationId: '$6::text', traceparent: '$7::text' })}
)
SELECT id FROM r`;

const REVOKE_ONE_SQL = REVOKE_SQL('id = $2');
const REVOKE_USER_SQL = REVOKE_SQL('user_id = $2');

@Injectable()
export class LinkRevokeRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async revoke(tenantId: string, id: string, actor: Actor, correlationId: string | null): Promise<boolean> {
    const rows = await this.db.query(REVOKE_ONE_SQL, [tenantId, id, actor.apiKeyId, actor.ip, actor.userAgent, correlationId, currentTraceparent() ?? null]);
    return rows.length === 1;
  }

  /** Returns how many live links of the user were revoked. */
  async revokeForUser(tenantId: string, userId: string, actor: Actor, correlationId: string | null): Promise<number> {
    const rows = await this.db.query(REVOKE_USER_SQL, [tenantId, userId, actor.apiKeyId, actor.ip, actor.userAgent, correlationId, currentTraceparent() ?? null]);
    return rows.length;
  }
}
