import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListRetentionRunsRequest, RetentionRunView, RetentionSummaryView } from '@sesame/messaging';

/**
 * Reads retention_runs, which the scheduler writes. Operator data about the whole deployment:
 * no tenant owns a purge run, so these queries are not tenant-scoped (the route is root-only).
 */
@Injectable()
export class RetentionRunsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async recent(req: ListRetentionRunsRequest): Promise<RetentionRunView[]> {
    const rows: Array<RetentionRunView & { started_at: Date; finished_at: Date }> = await this.dataSource.query(
      `SELECT id::text, purge, replica, outcome, examined::float8 AS examined, deleted::float8 AS deleted, batches, duration_ms,
              error, started_at, finished_at
       FROM retention_runs
       WHERE ($1::text IS NULL OR purge = $1) AND ($2::text IS NULL OR outcome = $2)
       ORDER BY started_at DESC, id DESC
       LIMIT $3`,
      [req.purge ?? null, req.outcome ?? null, req.limit],
    );
    return rows.map((r) => ({ ...r, started_at: r.started_at.toISOString(), finished_at: r.finished_at.toISOString() }));
  }

  async last24h(): Promise<RetentionSummaryView[]> {
    const rows: Array<RetentionSummaryView & { last_run_at: Date }> = await this.dataSource.query(
      `SELECT purge, count(*)::int AS runs, count(*) FILTER (WHERE outcome = 'failed')::int AS failed_runs,
              COALESCE(sum(deleted), 0)::float8 AS deleted, max(duration_ms) AS max_duration_ms, max(started_at) AS last_run_at,
              (array_agg(outcome ORDER BY started_at DESC))[1] AS last_outcome
       FROM retention_runs
       WHERE started_at > now() - interval '24 hours'
       GROUP BY purge
       ORDER BY purge`,
    );
    return rows.map((r) => ({ ...r, last_run_at: r.last_run_at.toISOString() }));
  }
}
