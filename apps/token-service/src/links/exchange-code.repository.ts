import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConsumedLink } from './link-consume.repository';

@Injectable()
export class ExchangeCodeRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Uses the code once (conditional UPDATE) and returns its link and user. */
  async redeem(codeHash: Buffer, tenantId: string): Promise<ConsumedLink | null> {
    const rows = await this.db.query(
      `WITH c AS (
         UPDATE exchange_codes SET used_at = now()
         WHERE code_hash = $1 AND tenant_id = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING link_id
       )
       SELECT l.id, l.tenant_id, l.type, l.user_id, l.context_data, l.redirect_url, u.email, (t.policy->'app'->>'origin') AS app_origin
       FROM c JOIN magic_links l ON l.id = c.link_id JOIN users u ON u.id = l.user_id JOIN tenants t ON t.id = l.tenant_id`,
      [codeHash, tenantId],
    );
    return rows[0] ?? null;
  }
}
