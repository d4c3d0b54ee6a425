/** Request and response shapes of the operator's retention report (GET /v1/admin/retention). */

export interface ListRetentionRunsRequest {
  /** One purge definition's runs (`expired-links`, `used-links`, …); all when absent. */
  purge?: string;
  outcome?: 'completed' | 'failed';
  limit: number;
}

/** One recorded run of a purge definition (or of outbox reconciliation, when it published rows). */
export interface RetentionRunView {
  id: string;
  purge: string;
  /** hostname:pid:tag of the scheduler replica that ran it. */
  replica: string;
  outcome: 'completed' | 'failed';
  examined: number;
  deleted: number;
  batches: number;
  duration_ms: number;
  error: string | null;
  started_at: string;
  finished_at: string;
}

/** Per purge over the last 24 hours. */
export interface RetentionSummaryView {
  purge: string;
  runs: number;
  failed_runs: number;
  deleted: number;
  max_duration_ms: number;
  last_run_at: string;
  last_outcome: 'completed' | 'failed';
}

export interface ListRetentionRunsResponse {
  /** Newest first. */
  data: RetentionRunView[];
  last_24h: RetentionSummaryView[];
}
