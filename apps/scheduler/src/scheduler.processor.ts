import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { SchedulerConfig } from '@sesame/config';
import { bullPrefix, isSchedulerJobName, QUEUES, SCHEDULER_JOB_NAMES, SchedulerJobName } from '@sesame/messaging';
import { CONFIG, LOGGER, runWithContext } from '@sesame/observability';
import { PurgeService, SchedulerRunResult } from './purge.service';
import { SCHEDULER_REDIS } from './redis.provider';
import { SchedulerMetrics } from './scheduler.metrics';

type SchedulerHandler = (signal: AbortSignal) => Promise<SchedulerRunResult>;

/** The one worker of the `scheduler` queue: runs each sweep BullMQ's job schedulers produce. */
@Injectable()
export class SchedulerProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly handlers: Record<SchedulerJobName, SchedulerHandler>;
  /** Aborted on shutdown so a long purge stops after its current batch. */
  private readonly stopping = new AbortController();
  private worker?: Worker<unknown, SchedulerRunResult, string>;

  constructor(
    @Inject(CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SCHEDULER_REDIS) private readonly redis: Redis,
    private readonly metrics: SchedulerMetrics,
    purge: PurgeService,
  ) {
    this.handlers = {
      'purge-expired-links': (signal) => purge.expiredLinks(signal),
      'purge-exchange-codes': (signal) => purge.exchangeCodes(signal),
      'purge-idempotency-keys': (signal) => purge.idempotencyKeys(signal),
    };
    const missing = SCHEDULER_JOB_NAMES.filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length > 0) throw new Error(`SchedulerProcessor has no handler for: ${missing.join(', ')}`);
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker(QUEUES.scheduler, (job) => this.process(job), {
      connection: this.redis,
      prefix: bullPrefix(this.config.REDIS_PREFIX),
      // One slot per job name, so a long sweep never delays the others on this replica.
      concurrency: SCHEDULER_JOB_NAMES.length,
    });
    this.worker.on('error', (err) => this.logger.error({ err, queue: QUEUES.scheduler }, 'scheduler worker error'));
  }

  /** Lets running jobs finish (cut short after their current batch) before Redis is closed. */
  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.worker?.close();
  }

  process(job: Job<unknown, SchedulerRunResult, string>): Promise<SchedulerRunResult> {
    return runWithContext(undefined, async () => {
      const started = performance.now();
      const line = { jobId: job.id, name: job.name, queue: QUEUES.scheduler, tenantId: null };
      const known = isSchedulerJobName(job.name);
      try {
        if (!known) throw new UnrecoverableError(`No handler for scheduler job "${job.name}"`);
        this.metrics.runs.inc({ job: job.name });
        const result = await this.handlers[job.name as SchedulerJobName](this.stopping.signal);
        this.logger.info({ ...line, ...result, durationMs: elapsed(started), outcome: 'completed' }, 'scheduler job done');
        return result;
      } catch (err) {
        if (known) this.metrics.failedRuns.inc({ job: job.name });
        this.logger.error({ ...line, err, durationMs: elapsed(started), outcome: 'failed' }, 'scheduler job failed');
        throw err;
      }
    });
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
