import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConsumedLink } from './link-consume.repository';

/**
 * A code whose link answered a sign-in request made with PKCE needs the request's challenge
 * ($3 is S256 of the presented code_verifier, or null); a refused verifier does not use the code up.
 */
const PKCE_OK = `NOT EXISTS (SELECT 1 FROM link_requests r
  WHERE r.tenant_id = exchange_codes.tenant_id AND r.link_id = exchange_codes.link_id
    AND r.code_challenge IS NOT NULL AND r.code_challenge IS DISTINCT FROM $3::text)`;

@Injectable()
export class ExchangeCodeRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Uses the code once (conditional UPDATE) and returns its link and user. */
  async redeem(codeHash: Buffer, tenantId: string, verifierChallenge: string | null = null): Promise<ConsumedLink | null> {
    const rows = await this.db.query(
      `WITH c AS (
         UPDATE exchange_codes SET used_at = now()
         WHERE code_hash = $1 AND tenant_id = $2 AND used_at IS NULL AND expires_at > now() AND ${PKCE_OK}
         RETURNING link_id
       )
       SELECT l.id, l.tenant_id, l.type, l.user_id, l.context_data, l.redirect_url, u.email, (t.policy->'app'->>'origin') AS app_origin
       FROM c JOIN magic_links l ON l.id = c.link_id JOIN users u ON u.id = l.user_id JOIN tenants t ON t.id = l.tenant_id`,
      [codeHash, tenantId, verifierChallenge],
    );
    return rows[0] ?? null;
  }

  /** After a refused redeem: was the code good, and only the verifier missing or wrong? */
  async needsOtherVerifier(codeHash: Buffer, tenantId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM exchange_codes x JOIN link_requests r ON r.tenant_id = x.tenant_id AND r.link_id = x.link_id
       WHERE x.code_hash = $1 AND x.tenant_id = $2 AND x.used_at IS NULL AND x.expires_at > now() AND r.code_challenge IS NOT NULL`,
      [codeHash, tenantId],
    );
    return rows.length > 0;
  }
}
