import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';

export interface BatchResult {
  examined: number;
  deleted: number;
  /** Deleted rows by value, for a definition with `countDeleted`. */
  counted?: Record<string, number>;
}

export interface TenantRetention {
  tenantId: string;
  /** The tenant's policy value (`retention.used_links_days`), before the deployment's floor and ceiling. */
  days: number;
}

export interface RunRecord {
  purge: string;
  replica: string;
  outcome: 'completed' | 'failed';
  examined: number;
  deleted: number;
  batches: number;
  durationMs: number;
  error: string | null;
  startedAt: Date;
}

/** Namespaces the purge advisory locks (session-level, `pg_try_advisory_lock(hashtext(...))`). */
export const purgeLockKey = (name: string) => `sesame:purge:${name}`;

/** SQL of the retention purges: advisory locks, batches, tenant policies, run records. */
@Injectable()
export class RetentionRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Runs `fn` on one connection that holds the advisory lock `key` for the whole run, so two
   * replicas never run the same purge at once (whatever BullMQ does); `null` when another session
   * holds it. A replica that dies mid-run loses its connection, and with it the lock.
   */
  async withLock<T>(key: string, fn: (runner: QueryRunner) => Promise<T>): Promise<{ value: T } | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [key]);
      if (!locked) return null;
      try {
        return { value: await fn(runner) };
      } finally {
        // A broken connection has lost the lock already; its error must not hide fn's.
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  /** `n` more connections for side-by-side batches of a run that already holds its lock. */
  async extraRunners(n: number): Promise<QueryRunner[]> {
    const runners: QueryRunner[] = [];
    for (let i = 0; i < n; i++) {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      runners.push(runner);
    }
    return runners;
  }

  async deleteBatch(runner: QueryRunner, sql: string, limit: number, retentionSeconds: number, tenantId?: string): Promise<BatchResult> {
    const params: unknown[] = [limit, retentionSeconds];
    if (tenantId !== undefined) params.push(tenantId);
    const [row] = (await runner.query(sql, params)) as BatchResult[];
    return row;
  }

  /** Every tenant with its `retention.used_links_days` (the default when its policy predates the field). */
  async tenantRetentions(runner: QueryRunner, defaultDays: number): Promise<TenantRetention[]> {
    const rows: Array<{ id: string; days: number }> = await runner.query(
      `SELECT id, COALESCE((policy #>> '{retention,used_links_days}')::int, $1::int) AS days FROM tenants ORDER BY id`,
      [defaultDays],
    );
    return rows.map((r) => ({ tenantId: r.id, days: r.days }));
  }

  async recordRun(runner: QueryRunner, run: RunRecord): Promise<void> {
    await runner.query(
      `INSERT INTO retention_runs (purge, replica, outcome, examined, deleted, batches, duration_ms, error, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())`,
      [run.purge, run.replica, run.outcome, run.examined, run.deleted, run.batches, run.durationMs, run.error, run.startedAt],
    );
  }
}
