import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Registry } from 'prom-client';
import { counter, METRICS } from '@sesame/observability';

/** Prometheus counters of the scheduler, served on the health server's /metrics. */
@Injectable()
export class SchedulerMetrics {
  /** Every run a replica starts, whatever its outcome. */
  readonly runs: Counter<string>;
  readonly failedRuns: Counter<string>;
  readonly deletedRows: Counter<string>;

  constructor(@Inject(METRICS) registry: Registry) {
    this.runs = counter(registry, 'sesame_scheduler_runs_total', 'Scheduler job runs started', ['job']);
    this.failedRuns = counter(registry, 'sesame_scheduler_failed_runs_total', 'Scheduler job runs that threw', ['job']);
    this.deletedRows = counter(registry, 'sesame_scheduler_deleted_rows_total', 'Rows deleted by scheduler jobs', ['job']);
  }
}
