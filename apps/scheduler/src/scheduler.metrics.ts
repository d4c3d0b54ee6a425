import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { counter, METRICS } from '@sesame/observability';

/** Prometheus metrics of the scheduler, served on the health server's /metrics. */
@Injectable()
export class SchedulerMetrics {
  /** Every run a replica starts, whatever its outcome. */
  readonly runs: Counter<string>;
  readonly failedRuns: Counter<string>;
  readonly deletedRows: Counter<string>;
  /** Per purge definition (`purge` label): runs by outcome (completed, failed, skipped: lock held elsewhere). */
  readonly purgeRuns: Counter<string>;
  readonly purgeExamined: Counter<string>;
  readonly purgeDeleted: Counter<string>;
  readonly purgeSeconds: Histogram<string>;
  /** Unix time of the purge's last completed run: alert when it falls behind. */
  readonly purgeLastSuccess: Gauge<string>;
  readonly outboxRepublished: Counter<string>;
  /** Links that expired unused, by link type: counted as the expired-links purge deletes them (within EXPIRED_LINK_GRACE_MS of expiry). */
  readonly linksExpired: Counter<string>;
  /** Times this replica found Redis without its epoch marker (a restart without persistence, FLUSHALL). */
  readonly redisDataLoss: Counter<string>;

  constructor(@Inject(METRICS) registry: Registry) {
    this.runs = counter(registry, 'sesame_scheduler_runs_total', 'Scheduler job runs started', ['job']);
    this.failedRuns = counter(registry, 'sesame_scheduler_failed_runs_total', 'Scheduler job runs that threw', ['job']);
    this.deletedRows = counter(registry, 'sesame_scheduler_deleted_rows_total', 'Rows deleted by scheduler jobs', ['job']);
    this.purgeRuns = counter(registry, 'sesame_retention_runs_total', 'Purge runs by outcome (skipped: another replica held the lock)', ['purge', 'outcome']);
    this.purgeExamined = counter(registry, 'sesame_retention_examined_rows_total', 'Rows selected for deletion by purges', ['purge']);
    this.purgeDeleted = counter(registry, 'sesame_retention_deleted_rows_total', 'Rows deleted by purges', ['purge']);
    this.purgeSeconds = new Histogram({
      name: 'sesame_retention_run_seconds',
      help: 'Duration of purge runs',
      labelNames: ['purge'],
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300],
      registers: [registry],
    });
    this.purgeLastSuccess = new Gauge({
      name: 'sesame_retention_last_success_timestamp_seconds',
      help: 'When the purge last completed',
      labelNames: ['purge'],
      registers: [registry],
    });
    this.linksExpired = counter(registry, 'sesame_links_expired_total', 'Links that expired unused, by link type (counted when purged, shortly after expiry)', ['type']);
    this.outboxRepublished = counter(registry, 'sesame_outbox_republished_total', 'Outbox rows published again by reconciliation');
    this.redisDataLoss = counter(registry, 'sesame_redis_data_loss_total', 'Redis found without its epoch marker (data lost or first start)');
  }
}
