import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { MailWorkerConfig } from '@sesame/config';
import { inJobSpan, MAIL_JOB_NAMES, MailJobName, MailJobs, QUEUES, QueueWorker, RedisConnection, startQueueWorker } from '@sesame/messaging';
import { CONFIG, describeError, LOGGER, runWithContext } from '@sesame/observability';
import type { SendRequest } from './claims/claimed-send.runner';
import { LinkMailService } from './link-mail.service';
import { RegistrationMailService } from './registrations/registration-mail.service';
import { TemplateTestMailService } from './template-tests/template-test-mail.service';
import { MailMetrics } from './mail.metrics';
import { MAIL_REDIS } from './redis.provider';
import { PermanentSendError, RetryLaterError } from './send-errors';

export type MailJob<N extends MailJobName = MailJobName> = Job<MailJobs[N], string, N>;
type Handlers = { [N in MailJobName]: (job: MailJob<N>) => Promise<string> };

/** The worker of the `mail` queue. Handlers rethrow: a swallowed error would turn retries off. */
@Injectable()
export class MailProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly handlers: Handlers;
  private worker?: QueueWorker;

  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MAIL_REDIS) private readonly redis: RedisConnection,
    private readonly metrics: MailMetrics,
    linkMail: LinkMailService,
    registrationMail: RegistrationMailService,
    templateTestMail: TemplateTestMailService,
  ) {
    this.handlers = {
      'send-link': (job) => linkMail.send(sendRequest(job, job.data.deliveryId)),
      'send-registration': (job) => registrationMail.send(sendRequest(job, job.data.registrationId)),
      'send-template-test': (job) => templateTestMail.send(sendRequest(job, job.data.testSendId)),
    };
    const missing = MAIL_JOB_NAMES.filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length > 0) throw new Error(`MailProcessor has no handler for: ${missing.join(', ')}`);
  }

  onApplicationBootstrap(): void {
    // A dead worker's job is re-run within JOB_LOCK_MS + 5 s and its send claim is taken over at
    // once (ClaimedSendRunner).
    this.worker = startQueueWorker({
      queue: QUEUES.mail,
      processor: (job: MailJob, token?: string) => this.process(job, token),
      redis: this.redis,
      keyspace: this.config,
      concurrency: this.config.MAIL_CONCURRENCY,
      concurrencyUnderPressure: this.config.MAIL_CONCURRENCY_UNDER_PRESSURE,
      jobLockMs: this.config.JOB_LOCK_MS,
      onError: (err) => this.logger.error({ error: describeError(err), queue: QUEUES.mail }, 'mail worker error'),
      onPressure: (pressured, concurrency) => this.logger.info({ queue: QUEUES.mail, concurrency }, pressured ? 'API under pressure: mail yields' : 'API pressure over: mail at full concurrency'),
    });
  }

  /** Lets running sends finish before Redis and Postgres are closed. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  process(job: MailJob, token?: string): Promise<string> {
    return runWithContext(job.data?.correlationId, () => inJobSpan(QUEUES.mail, job, async () => {
      const started = performance.now();
      const line = {
        jobId: job.id, name: job.name, queue: QUEUES.mail, tenantId: job.data?.tenantId,
        deliveryId: (job.data as { deliveryId?: string } | undefined)?.deliveryId,
        registrationId: (job.data as { registrationId?: string } | undefined)?.registrationId,
        testSendId: (job.data as { testSendId?: string } | undefined)?.testSendId, attempt: job.attemptsMade + 1,
      };
      const done = (outcome: string, extra: Record<string, unknown> = {}) => {
        const durationMs = Math.round(performance.now() - started);
        this.metrics.jobs.inc({ job: job.name, outcome });
        this.metrics.jobSeconds.observe({ job: job.name }, durationMs / 1000);
        const level = outcome === 'failed' || outcome === 'error' ? 'error' : extra.error ? 'warn' : 'info';
        this.logger[level]({ ...line, ...extra, durationMs, outcome }, 'mail job finished');
      };
      try {
        const outcome = await this.dispatch(job);
        done(outcome);
        return outcome;
      } catch (err) {
        const { error, outcome, retryAfterMs } = await this.toQueueError(err, job, token);
        // Only our own messages are logged: a provider's raw error object can hold the request body.
        done(outcome, { error: describeError(err), retryAfterMs });
        throw error;
      }
    }));
  }

  private dispatch(job: MailJob): Promise<string> {
    if (!(MAIL_JOB_NAMES as readonly string[]).includes(job.name)) {
      throw new UnrecoverableError(`No handler for mail job "${job.name}"`);
    }
    return (this.handlers[job.name] as (j: MailJob) => Promise<string>)(job);
  }

  /** Maps a send failure to what BullMQ understands: fail for good, retry with backoff, or wait. */
  private async toQueueError(err: unknown, job: MailJob, token?: string): Promise<{ error: unknown; outcome: string; retryAfterMs?: number }> {
    if (err instanceof PermanentSendError) return { error: new UnrecoverableError(err.message), outcome: 'failed' };
    if (err instanceof UnrecoverableError) return { error: err, outcome: 'failed' };
    if (err instanceof RetryLaterError && err.retryAfterMs !== undefined && token) {
      // BullMQ 5 manual delay: move the job, then tell the worker with DelayedError. Not an attempt.
      try {
        await job.moveToDelayed(Date.now() + err.retryAfterMs, token);
        return { error: new DelayedError(), outcome: 'deferred', retryAfterMs: err.retryAfterMs };
      } catch {
        return { error: err, outcome: 'retry' }; // lock lost: an ordinary retry with backoff instead
      }
    }
    return { error: err, outcome: err instanceof RetryLaterError ? 'retry' : 'error' };
  }
}

/**
 * The run of `job` that sends the row `id`. BullMQ counts every move to active in
 * `attemptsStarted` (a re-run after a stall, a retry, a return from delayed), so a later run
 * always presents a higher number than the claim an earlier run left.
 */
export function sendRequest(job: MailJob, id: string): SendRequest {
  return {
    key: { id, tenantId: job.data.tenantId },
    job: { id: job.id ?? `unnamed:${id}`, attempt: job.attemptsStarted ?? job.attemptsMade + 1 },
    finalAttempt: isFinalAttempt(job),
  };
}

/** True when BullMQ will not retry after this run fails. */
export function isFinalAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
