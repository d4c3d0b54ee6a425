import type { Counter } from 'prom-client';
import type { SchedulerConfig } from '@sesame/config';
import type { SchedulerMetrics } from '../scheduler.metrics';

/** The scheduler jobs that run purge definitions. */
export type PurgeJob = 'purge-expired-links' | 'purge-retained-data';

/**
 * How long a row is kept past its `column`: a fixed number of seconds from the deployment's
 * config, or the tenant's `retention.used_links_days` policy (held between RETENTION_MIN_DAYS and
 * RETENTION_MAX_DAYS), in which case the purge runs tenant by tenant.
 */
export type Retention = { seconds: (config: SchedulerConfig) => number } | { tenantPolicy: 'used_links_days' };

/**
 * One thing the scheduler deletes: rows of `table` whose `column` is older than the retention.
 * Each batch is `DELETE ... WHERE ctid = ANY(SELECT ctid ... ORDER BY column LIMIT n FOR UPDATE
 * SKIP LOCKED)`, so `column` (with `where` as its partial-index predicate) needs an index to make
 * the batch a range scan.
 */
export interface PurgeDefinition {
  /** Stable name: the advisory-lock key, the `purge` label of metrics and of retention_runs. */
  name: string;
  job: PurgeJob;
  table: string;
  column: string;
  where?: string;
  retention: Retention;
  /**
   * Extra data-modifying CTEs over `deleted` (the rows just deleted, with the `returning`
   * columns), committed in the same statement: e.g. the `magiclink.expired` webhook event.
   */
  afterDelete?: { returning: string; sql: string | readonly string[] };
  /**
   * A counter fed with the deleted rows of each committed batch, labelled by `by` (a column of
   * `afterDelete.returning`, also the label name): expired links per link type.
   */
  countDeleted?: { by: string; counter: (metrics: SchedulerMetrics) => Counter<string> };
}

const DAY = 86_400;
export const days = (n: number) => n * DAY;

/**
 * The batch statement. Parameters: $1 batch size, $2 retention in seconds, $3 tenant id (only for
 * tenant-policy definitions). Returns `{ examined, deleted }` of the batch.
 */
export function batchDeleteSql(def: PurgeDefinition): string {
  const perTenant = 'tenantPolicy' in def.retention;
  const conditions = [
    def.where,
    perTenant ? 'tenant_id = $3::uuid' : null,
    `${def.column} < now() - make_interval(secs => $2::float8)`,
  ].filter(Boolean);
  const afterSql = def.afterDelete ? [def.afterDelete.sql].flat() : [];
  const after = afterSql.map((sql, i) => `, after_delete_${i} AS (${sql})`).join('');
  // The rows are picked and locked by their physical address (ctid), and deleted by it: a TID scan,
  // where matching primary keys would cost an index probe per row (about half a batch's time).
  // The lock holds the row in place until the statement ends; a row another transaction changed
  // first is re-checked against the WHERE (READ COMMITTED) or, if it no longer matches, left alone.
  return `
    WITH doomed AS (
      SELECT ctid FROM ${def.table}
      WHERE ${conditions.join(' AND ')}
      ORDER BY ${def.column}
      LIMIT $1
      FOR UPDATE SKIP LOCKED),
    deleted AS (
      DELETE FROM ${def.table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM doomed))
      RETURNING ${def.afterDelete?.returning ?? '1'})${after}
    SELECT (SELECT count(*) FROM doomed)::int AS examined, (SELECT count(*) FROM deleted)::int AS deleted${counted(def)}`;
}

/** The `counted` column of a definition that counts its deleted rows: `{ "<value>": n, … }`. */
function counted(def: PurgeDefinition): string {
  if (!def.countDeleted) return '';
  return `,
      (SELECT coalesce(jsonb_object_agg(v, n), '{}'::jsonb)
       FROM (SELECT ${def.countDeleted.by}::text AS v, count(*)::int AS n FROM deleted GROUP BY 1) c) AS counted`;
}
