import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { SchedulerConfig } from '@sesame/config';
import { inJobSpan, isSchedulerJobName, QUEUES, QueueWorker, RedisConnection, SCHEDULER_JOB_NAMES, SchedulerJobName, startQueueWorker } from '@sesame/messaging';
import { CONFIG, LOGGER, runWithContext } from '@sesame/observability';
import { OutboxReconcileService } from './outbox/outbox-reconcile.service';
import { SCHEDULER_REDIS } from './redis.provider';
import { RetentionService } from './retention/retention.service';
import { SchedulerMetrics } from './scheduler.metrics';

/** What one scheduler run did; logged on the job's line and stored as the job's return value. */
export interface SchedulerRunResult {
  job: SchedulerJobName;
  /** Rows looked at (selected for deletion, or outbox rows published again). */
  examined: number;
  deleted: number;
  batches: number;
  durationMs: number;
}

type SchedulerHandler = (signal: AbortSignal) => Promise<SchedulerRunResult>;

/** The one worker of the `scheduler` queue: runs each sweep BullMQ's job schedulers produce. */
@Injectable()
export class SchedulerProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly handlers: Record<SchedulerJobName, SchedulerHandler>;
  /** Aborted on shutdown so a long purge stops after its current batch. */
  private readonly stopping = new AbortController();
  private worker?: QueueWorker;

  constructor(
    @Inject(CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SCHEDULER_REDIS) private readonly redis: RedisConnection,
    private readonly metrics: SchedulerMetrics,
    retention: RetentionService,
    outbox: OutboxReconcileService,
  ) {
    const timed = (job: SchedulerJobName, run: (signal: AbortSignal) => Promise<Omit<SchedulerRunResult, 'job' | 'durationMs'>>) =>
      async (signal: AbortSignal): Promise<SchedulerRunResult> => {
        const started = performance.now();
        const { examined, deleted, batches } = await run(signal);
        if (deleted > 0) this.metrics.deletedRows.inc({ job }, deleted);
        return { job, examined, deleted, batches, durationMs: elapsed(started) };
      };
    this.handlers = {
      'purge-expired-links': timed('purge-expired-links', (signal) => retention.runJob('purge-expired-links', signal)),
      'purge-retained-data': timed('purge-retained-data', (signal) => retention.runJob('purge-retained-data', signal)),
      'reconcile-outbox': timed('reconcile-outbox', (signal) => outbox.reconcile(signal)),
    };
    const missing = SCHEDULER_JOB_NAMES.filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length > 0) throw new Error(`SchedulerProcessor has no handler for: ${missing.join(', ')}`);
  }

  onApplicationBootstrap(): void {
    this.worker = startQueueWorker({
      queue: QUEUES.scheduler,
      processor: (job: Job<unknown, SchedulerRunResult, string>) => this.process(job),
      redis: this.redis,
      keyspace: this.config,
      // One slot per job name, so a long sweep never delays the others on this replica.
      concurrency: SCHEDULER_JOB_NAMES.length,
      onError: (err) => this.logger.error({ err, queue: QUEUES.scheduler }, 'scheduler worker error'),
    });
  }

  /** Lets running jobs finish (cut short after their current batch) before Redis is closed. */
  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.worker?.close();
  }

  process(job: Job<unknown, SchedulerRunResult, string>): Promise<SchedulerRunResult> {
    return runWithContext(undefined, () => inJobSpan(QUEUES.scheduler, job, async () => {
      const started = performance.now();
      const line = { jobId: job.id, name: job.name, queue: QUEUES.scheduler, tenantId: null };
      const known = isSchedulerJobName(job.name);
      try {
        if (!known) throw new UnrecoverableError(`No handler for scheduler job "${job.name}"`);
        this.metrics.runs.inc({ job: job.name });
        const result = await this.handlers[job.name as SchedulerJobName](this.stopping.signal);
        // Sweeps run every few seconds and mostly find nothing: an idle run is debug noise, a run
        // that touched rows is worth an info line.
        const level = result.examined > 0 || result.deleted > 0 ? 'info' : 'debug';
        this.logger[level]({ ...line, ...result, durationMs: elapsed(started), outcome: 'completed' }, 'scheduler job done');
        return result;
      } catch (err) {
        if (known) this.metrics.failedRuns.inc({ job: job.name });
        this.logger.error({ ...line, err, durationMs: elapsed(started), outcome: 'failed' }, 'scheduler job failed');
        throw err;
      }
    }));
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
