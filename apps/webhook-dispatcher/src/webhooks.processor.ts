import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { WebhookDispatcherConfig } from '@sesame/config';
import { deliverJobId, inJobSpan, QUEUES, QueueWorker, RedisConnection, startQueueWorker, WEBHOOK_BACKOFF_TYPE, WebhookJobName, WebhookJobs } from '@sesame/messaging';
import { CONFIG, currentTraceparent, describeError, LOGGER, runWithContext } from '@sesame/observability';
import { retryDelayMs } from '@sesame/webhooks';
import { DELIVER_JOB_OPTIONS, DeliverJobOptions, RETRY_SCHEDULE } from './delivery-options';
import { EndpointSlots } from './endpoint-slots';
import { DISPATCHER_REDIS, WEBHOOKS_QUEUE, WebhooksQueue } from './redis.provider';
import { RetryableAttemptError, WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookFanOutService } from './webhook-fan-out.service';
import { WebhookSender } from './webhook-sender';
import { WebhookMetrics } from './webhook.metrics';

type AnyWebhookJob = Job<WebhookJobs[WebhookJobName], unknown, string>;
/** One handler per job name; the mapped type makes the compiler refuse a missing one. */
type Handlers = {
  [N in WebhookJobName]: (job: Job<WebhookJobs[N], unknown, N>, token: string) => Promise<Record<string, unknown>>;
};

/** The one worker of the `webhooks` queue: `fan-out`, `deliver` and `schedule-delivery` jobs. */
@Injectable()
export class WebhooksProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly handlers: Handlers;
  private worker?: QueueWorker;

  constructor(
    @Inject(CONFIG) private readonly config: WebhookDispatcherConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DISPATCHER_REDIS) private readonly redis: RedisConnection,
    @Inject(WEBHOOKS_QUEUE) queue: WebhooksQueue,
    @Inject(RETRY_SCHEDULE) private readonly schedule: number[],
    @Inject(DELIVER_JOB_OPTIONS) deliverOptions: DeliverJobOptions,
    @Inject(WebhookFanOutService) fanOut: WebhookFanOutService,
    @Inject(WebhookDeliveryService) delivery: WebhookDeliveryService,
    @Inject(WebhookSender) private readonly sender: WebhookSender,
    @Inject(WebhookMetrics) metrics: WebhookMetrics,
    @Inject(EndpointSlots) slots: EndpointSlots,
  ) {
    this.handlers = {
      'fan-out': async (job) => ({ ...(await fanOut.fanOut(job.data)) }),
      deliver: async (job, token) => {
        // The job's own attempts come after those made before it (the fan-out's first one).
        const attempt = job.attemptsMade + 1 + (job.data.priorAttempts ?? 0);
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const loaded = await delivery.load(job.data);
        if (!loaded || loaded.status !== 'pending' || !loaded.endpointEnabled) {
          return { attempt, result: await delivery.deliver(job.data, loaded, { lastAttempt }) };
        }
        // A fast endpoint frees a slot within milliseconds; for a slow one the job is put back at once.
        const release = await slots.acquire(loaded.endpointId, Math.min(1000, config.WEBHOOK_TIMEOUT_MS / 4));
        if (!release) {
          // The endpoint has its share of attempts in flight: come back later instead of holding a
          // worker slot (does not count as an attempt).
          metrics.deferrals.inc();
          await job.moveToDelayed(Date.now() + this.deferMs(), token);
          throw new DelayedError();
        }
        try {
          return { attempt, result: await delivery.deliver(job.data, loaded, { lastAttempt }) };
        } finally {
          release();
        }
      },
      'schedule-delivery': async (job) => {
        const { deliveryId, tenantId, run, correlationId } = job.data;
        await queue.add('deliver', { deliveryId, tenantId, correlationId, traceparent: currentTraceparent() }, { ...deliverOptions, jobId: deliverJobId(deliveryId, run) });
        return { deliveryId, run };
      },
    };
  }

  onApplicationBootstrap(): void {
    this.worker = startQueueWorker({
      queue: QUEUES.webhooks,
      processor: (job: AnyWebhookJob, token?: string) => this.process(job, token ?? ''),
      redis: this.redis,
      keyspace: this.config,
      concurrency: this.config.WEBHOOK_CONCURRENCY,
      concurrencyUnderPressure: this.config.WEBHOOK_CONCURRENCY_UNDER_PRESSURE,
      jobLockMs: this.config.JOB_LOCK_MS,
      onError: (err) => this.logger.error({ err, queue: QUEUES.webhooks }, 'webhooks worker error'),
      onPressure: (pressured, concurrency) => this.logger.info({ queue: QUEUES.webhooks, concurrency }, pressured ? 'API under pressure: webhooks yield' : 'API pressure over: webhooks at full concurrency'),
      settings: {
        // Deliver jobs: WEBHOOK_RETRY_SCHEDULE with jitter, or the receiver's Retry-After.
        backoffStrategy: (attemptsMade, type, err, job) => {
          if (type !== WEBHOOK_BACKOFF_TYPE) throw new Error(`unknown backoff type ${type}`);
          const retryAfterMs = err instanceof RetryableAttemptError ? err.retryAfterMs : null;
          const prior = Number((job?.data as WebhookJobs['deliver'] | undefined)?.priorAttempts ?? 0);
          return retryDelayMs(this.schedule, attemptsMade + prior, { jitter: this.config.WEBHOOK_RETRY_JITTER, retryAfterMs });
        },
      },
    });
  }

  /** Lets running jobs finish before the queue and Redis close (beforeApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    this.sender.close();
  }

  process(job: AnyWebhookJob, token: string): Promise<unknown> {
    return runWithContext(job.data.correlationId, () => inJobSpan(QUEUES.webhooks, job, async () => {
      const started = performance.now();
      const line = { jobId: job.id, name: job.name, queue: QUEUES.webhooks, tenantId: job.data.tenantId };
      try {
        if (!Object.hasOwn(this.handlers, job.name)) throw new UnrecoverableError(`No handler for webhooks job "${job.name}"`);
        const handler = this.handlers[job.name as WebhookJobName] as (j: AnyWebhookJob, t: string) => Promise<Record<string, unknown>>;
        const result = await handler(job, token);
        this.logger.info({ ...line, ...result, durationMs: elapsed(started), outcome: 'completed' }, 'webhooks job done');
        return result;
      } catch (err) {
        if (err instanceof DelayedError) {
          this.logger.debug({ ...line, outcome: 'deferred' }, 'webhooks job deferred: endpoint at its concurrency limit');
          throw err;
        }
        const retrying = !(err instanceof UnrecoverableError) && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
        this.logger[retrying ? 'warn' : 'error'](
          { ...line, attempt: job.attemptsMade + 1, err: describeError(err), durationMs: elapsed(started), outcome: retrying ? 'retrying' : 'failed' },
          'webhooks job failed',
        );
        throw err;
      }
    }));
  }

  /** 50 ms to 1 s, spread so deferred jobs of one endpoint do not all come back together. */
  private deferMs(): number {
    return Math.round(50 + Math.random() * Math.min(950, this.config.WEBHOOK_TIMEOUT_MS / 4));
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
