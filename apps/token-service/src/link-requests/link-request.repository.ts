import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LinkRequestState } from '@sesame/persistence';

type Db = Pick<EntityManager, 'query'>;

export interface NewLinkRequest {
  id: string;
  tenantId: string;
  linkId: string | null;
  emailHash: Buffer;
  codeChallenge: string | null;
  browserNonceHash: Buffer | null;
  matchCode: string;
  codeHash: Buffer | null;
  redirectCodeHash: Buffer | null;
  ttlSeconds: number;
}

export interface LinkRequestRow {
  id: string;
  tenant_id: string;
  link_id: string | null;
  state: LinkRequestState;
  match_code: string;
  code_challenge: string | null;
  browser_nonce_hash: Buffer | null;
  code_hash: Buffer | null;
  code_attempts: number;
  expires_at: Date;
  expired: boolean;
}

const COLUMNS = `id, tenant_id, link_id, state, match_code, code_challenge, browser_nonce_hash, code_hash, code_attempts, expires_at,
  expires_at <= now() AS expired`;

/** One method per query on `link_requests`; every query names the tenant. */
@Injectable()
export class LinkRequestRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** A redelivered request inserts nothing (the gateway's request id is the primary key). */
  async insert(m: Db, r: NewLinkRequest): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO link_requests (id, tenant_id, link_id, email_hash, code_challenge, browser_nonce_hash, match_code, code_hash,
                                  redirect_code_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + make_interval(secs => $10::int))
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [r.id, r.tenantId, r.linkId, r.emailHash, r.codeChallenge, r.browserNonceHash, r.matchCode, r.codeHash, r.redirectCodeHash, r.ttlSeconds],
    );
    return rows.length > 0;
  }

  async exists(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM link_requests WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows.length > 0;
  }

  async find(tenantId: string, id: string): Promise<LinkRequestRow | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM link_requests WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ?? null;
  }

  async findByRedirectCode(tenantId: string, candidates: Buffer[]): Promise<LinkRequestRow | null> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM link_requests WHERE tenant_id = $1 AND redirect_code_hash = ANY($2)`,
      [tenantId, candidates],
    );
    return rows[0] ?? null;
  }

  /**
   * An approved request becomes completed once, handing its asker a one-time exchange code for
   * the link (inserted in the same statement). Null when it was not approved, or already taken.
   */
  async complete(tenantId: string, id: string, exchangeCodeHash: Buffer, exchangeTtlSeconds: number): Promise<{ redirect_base: string } | null> {
    const rows = await this.db.query(
      `WITH q AS (
         UPDATE link_requests SET state = 'completed', completed_at = now()
         WHERE tenant_id = $1 AND id = $2 AND state = 'approved' AND link_id IS NOT NULL
         RETURNING link_id
       ), x AS (
         INSERT INTO exchange_codes (code_hash, tenant_id, link_id, expires_at)
         SELECT $3, $1, q.link_id, now() + make_interval(secs => $4::int) FROM q
       )
       SELECT COALESCE(l.redirect_url, t.policy->'app'->>'origin') AS redirect_base
       FROM q JOIN magic_links l ON l.id = q.link_id AND l.tenant_id = $1 JOIN tenants t ON t.id = $1`,
      [tenantId, id, exchangeCodeHash, exchangeTtlSeconds],
    );
    return rows[0] ?? null;
  }

  /** Takes one code attempt (of `max`) before the code is checked, so concurrent guesses cannot exceed it. */
  async takeCodeAttempt(tenantId: string, id: string, max: number): Promise<LinkRequestRow | null> {
    // TypeORM answers a top-level UPDATE with [rows, count].
    const [rows] = await this.db.query(
      `UPDATE link_requests SET code_attempts = code_attempts + 1
       WHERE tenant_id = $1 AND id = $2 AND state = 'pending' AND code_attempts < $3 AND expires_at > now()
       RETURNING ${COLUMNS}`,
      [tenantId, id, max],
    );
    return rows[0] ?? null;
  }

  /** Kills the request and revokes its link (the last wrong code). */
  async kill(tenantId: string, id: string): Promise<void> {
    await this.db.query(
      `WITH q AS (
         UPDATE link_requests SET state = 'failed' WHERE tenant_id = $1 AND id = $2 AND state IN ('pending', 'approved') RETURNING link_id
       )
       UPDATE magic_links SET revoked_at = now()
       WHERE tenant_id = $1 AND id = (SELECT link_id FROM q) AND consumed_at IS NULL AND revoked_at IS NULL`,
      [tenantId, id],
    );
  }
}
