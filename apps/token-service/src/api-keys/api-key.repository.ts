import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { GrantableScope } from '@sesame/domain';
import type { ResolvedApiKey } from '@sesame/messaging';

@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async insert(
    m: Pick<EntityManager, 'query'>,
    k: { id: string; tenantId: string; name: string; prefix: string; keyHash: string; scopes: GrantableScope[] },
  ): Promise<{ created_at: Date } | null> {
    const rows = await m.query(
      `INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING RETURNING created_at`,
      [k.id, k.tenantId, k.name, k.prefix, k.keyHash, k.scopes],
    );
    return rows[0] ?? null;
  }

  async resolve(keyHash: string): Promise<ResolvedApiKey | null> {
    const rows = await this.db.query(
      `SELECT id, tenant_id AS "tenantId", scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    return rows[0] ?? null;
  }
}
