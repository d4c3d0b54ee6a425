import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { WebhookDispatcherConfig } from '@sesame/config';
import { bullPrefix, QUEUES, WebhookJobName, WebhookJobs } from '@sesame/messaging';
import { CONFIG, LOGGER, runWithContext } from '@sesame/observability';
import { DISPATCHER_REDIS } from './redis.provider';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookFanOutService } from './webhook-fan-out.service';

type AnyWebhookJob = Job<WebhookJobs[WebhookJobName], unknown, string>;
/** One handler per job name; the mapped type makes the compiler refuse a missing one. */
type Handlers = { [N in WebhookJobName]: (job: Job<WebhookJobs[N], unknown, N>) => Promise<Record<string, unknown>> };

/** The one worker of the `webhooks` queue: `fan-out` and `deliver` jobs. */
@Injectable()
export class WebhooksProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly handlers: Handlers;
  private worker?: Worker<WebhookJobs[WebhookJobName], unknown, string>;

  constructor(
    @Inject(CONFIG) private readonly config: WebhookDispatcherConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DISPATCHER_REDIS) private readonly redis: Redis,
    @Inject(WebhookFanOutService) fanOut: WebhookFanOutService,
    @Inject(WebhookDeliveryService) delivery: WebhookDeliveryService,
  ) {
    this.handlers = {
      'fan-out': async (job) => ({ deliveries: await fanOut.fanOut(job.data) }),
      deliver: async (job) => ({
        attempt: job.attemptsMade + 1,
        result: await delivery.deliver(job.data, { lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
      }),
    };
  }

  onApplicationBootstrap(): void {
    this.worker = new Worker(QUEUES.webhooks, (job) => this.process(job), {
      connection: this.redis,
      prefix: bullPrefix(this.config.REDIS_PREFIX),
      concurrency: this.config.WEBHOOK_CONCURRENCY,
      lockDuration: this.config.JOB_LOCK_MS,
      stalledInterval: this.config.JOB_LOCK_MS,
    });
    this.worker.on('error', (err) => this.logger.error({ err, queue: QUEUES.webhooks }, 'webhooks worker error'));
  }

  /** Lets running jobs finish before the queue and Redis close (beforeApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  process(job: AnyWebhookJob): Promise<unknown> {
    return runWithContext(job.data.correlationId, async () => {
      const started = performance.now();
      const line = { jobId: job.id, name: job.name, queue: QUEUES.webhooks, tenantId: job.data.tenantId };
      try {
        if (!Object.hasOwn(this.handlers, job.name)) throw new UnrecoverableError(`No handler for webhooks job "${job.name}"`);
        const handler = this.handlers[job.name as WebhookJobName] as (j: AnyWebhookJob) => Promise<Record<string, unknown>>;
        const result = await handler(job);
        this.logger.info({ ...line, ...result, durationMs: elapsed(started), outcome: 'completed' }, 'webhooks job done');
        return result;
      } catch (err) {
        const retrying = !(err instanceof UnrecoverableError) && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
        this.logger[retrying ? 'warn' : 'error'](
          { ...line, attempt: job.attemptsMade + 1, err: errorMessage(err), durationMs: elapsed(started), outcome: retrying ? 'retrying' : 'failed' },
          'webhooks job failed',
        );
        throw err;
      }
    });
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
