import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ContextData } from '@sesame/domain';
import type { Actor } from '@sesame/messaging';
import { QUEUES } from '@sesame/queue-contracts';
import { outboxStep } from '@sesame/persistence';
import { currentTraceparent } from '@sesame/observability';

type Db = Pick<EntityManager, 'query'>;

export interface NewRegistration {
  id: string;
  tenantId: string;
  kind: 'new_user' | 'existing_user';
  email: string;
  userId: string | null;
  tokenHash: Buffer;
  sealedToken: Buffer;
  redirectUrl: string;
  actionName: string | null;
  shortMsg: string | null;
  contextData: ContextData | null;
  bindIp: string | null;
  bindUserAgent: string | null;
  ttlSeconds: number;
  actor: Actor;
  correlationId: string | null;
}

export interface RegistrationRow {
  id: string;
  tenant_id: string;
  kind: 'new_user' | 'existing_user';
  email: string;
  user_id: string | null;
  context_data: ContextData | null;
  bind_ip: string | null;
  bind_user_agent: string | null;
  expires_at: Date;
  validated_at: Date | null;
  expired: boolean;
}

/**
 * Inserts the registration, the outbox row that enqueues its email and the audit event, together
 * (so the email is sent exactly when the registration exists). Nothing when the request id exists.
 */
const START_SQL = `
WITH r AS (
  INSERT INTO registrations (id, tenant_id, kind, email, user_id, token_hash, sealed_token, redirect_url, action_name, short_msg,
                             context_data, bind_ip, bind_user_agent, api_key_id, expires_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now() + make_interval(secs => $15::int))
  ON CONFLICT (id) DO NOTHING
  RETURNING id, expires_at
), o AS (
  ${outboxStep(QUEUES.mail, 'send-registration', { registrationId: 'r.id', correlationId: '$18::text', traceparent: '$19::text' }, { tenant: '$2', from: 'r' })}
), a AS (
  INSERT INTO audit_events (tenant_id, action, actor_api_key_id, subject_type, subject_id, ip, user_agent, data, user_id)
  SELECT $2, 'registration.started', $14, 'registration', r.id, $16, $17,
         jsonb_build_object('registration_type', $3::text, 'email', $4::text, 'timeout_in_seconds', $15::int), $5 FROM r
)
SELECT id, expires_at FROM r`;

const COLUMNS = `id, tenant_id, kind, email, user_id, context_data, bind_ip, bind_user_agent, expires_at, validated_at,
  expires_at <= now() AS expired`;

/** Registrations of a tenant (every query scoped by tenant id). */
@Injectable()
export class RegistrationRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async start(r: NewRegistration): Promise<{ id: string; expires_at: Date } | null> {
    const rows = await this.db.query(START_SQL, [
      r.id, r.tenantId, r.kind, r.email, r.userId, r.tokenHash, r.sealedToken, r.redirectUrl, r.actionName, r.shortMsg,
      r.contextData ? JSON.stringify(r.contextData) : null, r.bindIp, r.bindUserAgent, r.actor.apiKeyId, r.ttlSeconds,
      r.actor.ip, r.actor.userAgent, r.correlationId, currentTraceparent() ?? null,
    ]);
    return rows[0] ?? null;
  }

  async findById(tenantId: string, id: string): Promise<{ id: string; expires_at: Date; kind: string; email: string } | null> {
    const rows = await this.db.query(`SELECT id, expires_at, kind, email FROM registrations WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ?? null;
  }

  /** Locks the registration a token belongs to, for validation in the caller's transaction. */
  async lockByToken(m: Db, tenantId: string, candidates: Buffer[]): Promise<RegistrationRow | null> {
    const rows = await m.query(
      `SELECT ${COLUMNS} FROM registrations WHERE tenant_id = $1 AND token_hash = ANY($2) FOR UPDATE`,
      [tenantId, candidates],
    );
    return rows[0] ?? null;
  }

  async markValidated(m: Db, tenantId: string, id: string, userId: string): Promise<void> {
    await m.query(
      `UPDATE registrations SET validated_at = now(), user_id = $3, sealed_token = NULL WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, userId],
    );
  }

  /** A new user from a validated registration: their email is verified (they clicked the email). */
  async insertUser(m: Db, tenantId: string, id: string, email: string): Promise<{ id: string; email: string; status: 'active' } | null> {
    const rows = await m.query(
      `INSERT INTO users (id, tenant_id, email, email_verified_at) VALUES ($1, $2, $3, now())
       ON CONFLICT DO NOTHING RETURNING id, email, status`,
      [id, tenantId, email],
    );
    return rows[0] ?? null;
  }

  /** Existing-user flow: the address becomes the user's magic-link address (verified when it is their email). */
  async addMagicLinkEmail(m: Db, tenantId: string, userId: string, email: string): Promise<{ id: string; email: string | null; status: string } | null> {
    const [rows] = (await m.query(
      `UPDATE users SET magic_link_email = CASE WHEN email = $3 THEN NULL ELSE $3 END,
              email_verified_at = CASE WHEN email = $3 THEN COALESCE(email_verified_at, now()) ELSE email_verified_at END,
              updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'active' RETURNING id, email, status`,
      [tenantId, userId, email],
    )) as [{ id: string; email: string; status: string }[], number];
    return rows[0] ?? null;
  }

  async userByEmail(tenantId: string, email: string): Promise<{ id: string } | null> {
    const rows = await this.db.query(`SELECT id FROM users WHERE tenant_id = $1 AND email = $2`, [tenantId, email]);
    return rows[0] ?? null;
  }

  async userById(tenantId: string, id: string): Promise<{ id: string; email: string; status: string } | null> {
    const rows = await this.db.query(`SELECT id, email, status FROM users WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ?? null;
  }
}
