import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; fingerprint: string; response: Record<string, unknown> | null };

/** `Idempotency-Key` bookkeeping; always inside the transaction that creates the link. */
@Injectable()
export class IdempotencyRepository {
  /**
   * Claims the key, or returns the first request's record. A concurrent duplicate blocks on the
   * primary key until the first transaction commits, then sees its response. Records older than
   * 24 h are taken over as if absent.
   */
  async claim(m: EntityManager, tenantId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const rows = await m.query(
      `INSERT INTO idempotency_keys (tenant_id, key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, response = NULL, created_at = now()
         WHERE idempotency_keys.created_at < now() - interval '24 hours'
       RETURNING 1`,
      [tenantId, key, fingerprint],
    );
    if (rows.length === 1) return { kind: 'claimed' };
    const [existing] = await m.query(`SELECT fingerprint, response FROM idempotency_keys WHERE tenant_id = $1 AND key = $2`, [tenantId, key]);
    return { kind: 'replay', fingerprint: existing.fingerprint, response: existing.response };
  }

  async saveResponse(m: EntityManager, tenantId: string, key: string, response: Record<string, unknown>): Promise<void> {
    await m.query(`UPDATE idempotency_keys SET response = $3 WHERE tenant_id = $1 AND key = $2`, [tenantId, key, JSON.stringify(response)]);
  }
}
