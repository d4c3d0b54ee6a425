import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboxRow } from '@sesame/messaging';

/** SQL of outbox reconciliation and of the replay after Redis lost its data. */
@Injectable()
export class OutboxReconcileRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /** Unpublished rows committed more than `staleMs` ago (the relay should have had them), locked. */
  lockStale(m: EntityManager, limit: number, staleMs: number): Promise<OutboxRow[]> {
    return m.query(
      `SELECT id::text, tenant_id, queue, job_name, payload FROM outbox
       WHERE published_at IS NULL AND created_at < now() - make_interval(secs => $2::float8 / 1000)
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, staleMs],
    );
  }

  async markPublished(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /**
   * Waits until no relay is between publishing a batch to Redis and committing its published_at:
   * such a batch may have gone to the Redis that was lost. Locking every unpublished row (without
   * SKIP LOCKED) waits for the transactions holding them; the rows themselves are let go at once.
   * Returns the database time after the wait: every row published before it is to be replayed.
   */
  async waitForInFlightPublishes(): Promise<Date> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT id FROM outbox WHERE published_at IS NULL FOR UPDATE`);
      const [{ now }] = await m.query(`SELECT clock_timestamp() AS now`);
      return now as Date;
    });
  }

  /** Marks a batch of rows published in (from, until] unpublished again; returns how many. */
  async unpublishBatch(from: Date, until: Date, limit: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH u AS (
         UPDATE outbox SET published_at = NULL WHERE id IN (
           SELECT id FROM outbox WHERE published_at > $1 AND published_at <= $2 ORDER BY published_at LIMIT $3)
         RETURNING 1)
       SELECT count(*)::int AS n FROM u`,
      [from, until, limit],
    );
    return n as number;
  }

  /** Wakes every token-service relay (they LISTEN on this channel) to publish the replayed rows. */
  async notifyRelays(): Promise<void> {
    await this.dataSource.query(`SELECT pg_notify('sesame_outbox', '')`);
  }

  async databaseNow(): Promise<Date> {
    const [{ now }] = await this.dataSource.query(`SELECT now() AS now`);
    return now as Date;
  }
}
