import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/*
 * One batch per call: `DELETE ... WHERE <key> IN (SELECT <key> ... LIMIT $1 FOR UPDATE SKIP LOCKED)`.
 * SKIP LOCKED lets two schedulers (or a scheduler and a request touching the same row) run side by
 * side without waiting on each other. These are cluster-wide sweeps, so unlike every request-path
 * query they deliberately span all tenants.
 */
const DELETE_EXPIRED_LINKS = `
  WITH deleted AS (
    DELETE FROM magic_links WHERE id IN (
      SELECT id FROM magic_links
      WHERE consumed_at IS NULL AND revoked_at IS NULL AND expires_at < now()
      ORDER BY expires_at
      LIMIT $1
      FOR UPDATE SKIP LOCKED)
    RETURNING 1)
  SELECT count(*)::int AS deleted FROM deleted`;

const DELETE_STALE_EXCHANGE_CODES = `
  WITH deleted AS (
    DELETE FROM exchange_codes WHERE code_hash IN (
      SELECT code_hash FROM exchange_codes
      WHERE used_at IS NOT NULL OR expires_at < now() - interval '1 hour'
      LIMIT $1
      FOR UPDATE SKIP LOCKED)
    RETURNING 1)
  SELECT count(*)::int AS deleted FROM deleted`;

const DELETE_OLD_IDEMPOTENCY_KEYS = `
  WITH deleted AS (
    DELETE FROM idempotency_keys WHERE (tenant_id, key) IN (
      SELECT tenant_id, key FROM idempotency_keys
      WHERE created_at < now() - interval '24 hours'
      ORDER BY created_at
      LIMIT $1
      FOR UPDATE SKIP LOCKED)
    RETURNING 1)
  SELECT count(*)::int AS deleted FROM deleted`;

/** Batched deletes of rows past their lifetime; each method returns how many rows it deleted. */
@Injectable()
export class PurgeRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Unconsumed, unrevoked links past expiry: a range scan of the partial index
   * ix_magic_links_expiry_live. Their mail_deliveries and exchange_codes go by cascade.
   * Consumed and revoked links are kept (audit retention is a separate job).
   */
  deleteExpiredLinks(limit: number): Promise<number> {
    return this.count(DELETE_EXPIRED_LINKS, limit);
  }

  /** Exchange codes already used, or expired for more than an hour. */
  deleteStaleExchangeCodes(limit: number): Promise<number> {
    return this.count(DELETE_STALE_EXCHANGE_CODES, limit);
  }

  /** Idempotency-Key records past their 24 h replay window. */
  deleteOldIdempotencyKeys(limit: number): Promise<number> {
    return this.count(DELETE_OLD_IDEMPOTENCY_KEYS, limit);
  }

  private async count(sql: string, limit: number): Promise<number> {
    const [row] = (await this.dataSource.query(sql, [limit])) as Array<{ deleted: number }>;
    return row.deleted;
  }
}
