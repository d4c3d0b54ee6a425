import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboxRow } from '@sesame/messaging';

export type { OutboxRow };

@Injectable()
export class OutboxRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Locks a batch of unpublished rows; SKIP LOCKED lets several relays share the work. */
  lockBatch(m: EntityManager, limit: number): Promise<OutboxRow[]> {
    return m.query(
      `SELECT id::text, tenant_id, queue, job_name, payload FROM outbox
       WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markPublished(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }
}
