import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

type Db = Pick<EntityManager, 'query'>;

export interface ProviderRow {
  channel: string;
  kind: string;
  settings: Record<string, unknown>;
  sealed_credentials: Buffer | null;
  updated_at: Date;
}

const COLUMNS = 'channel, kind, settings, sealed_credentials, updated_at';

/** SQL for mail_providers (one row per tenant and channel); every statement is scoped by tenant id. */
@Injectable()
export class MailProviderRepository {
  async list(m: Db, tenantId: string): Promise<ProviderRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM mail_providers WHERE tenant_id = $1 ORDER BY channel`, [tenantId]);
  }

  /** `lock` holds the row until the transaction ends, so two PUTs merging credentials do not interleave. */
  async find(m: Db, tenantId: string, channel: string, lock = false): Promise<ProviderRow | null> {
    const rows = await m.query(
      `SELECT ${COLUMNS} FROM mail_providers WHERE tenant_id = $1 AND channel = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, channel],
    );
    return rows[0] ?? null;
  }

  /** `updated_at` always moves: the mail-worker rebuilds a tenant's transport when it changes. */
  async upsert(m: Db, tenantId: string, p: { channel: string; kind: string; settings: Record<string, unknown>; sealedCredentials: Buffer | null }): Promise<ProviderRow> {
    const rows = await m.query(
      `INSERT INTO mail_providers (tenant_id, channel, kind, settings, sealed_credentials)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, channel) DO UPDATE
         SET kind = EXCLUDED.kind, settings = EXCLUDED.settings, sealed_credentials = EXCLUDED.sealed_credentials,
             updated_at = greatest(now(), mail_providers.updated_at + interval '1 millisecond')
       RETURNING ${COLUMNS}`,
      [tenantId, p.channel, p.kind, JSON.stringify(p.settings), p.sealedCredentials],
    );
    return rows[0];
  }

  async delete(m: Db, tenantId: string, channel: string): Promise<ProviderRow | null> {
    // TypeORM answers an UPDATE or DELETE with [rows, count].
    const [rows] = await m.query(`DELETE FROM mail_providers WHERE tenant_id = $1 AND channel = $2 RETURNING ${COLUMNS}`, [tenantId, channel]);
    return rows[0] ?? null;
  }
}
