import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job, JobsOptions, Queue, QueueEvents } from 'bullmq';
import pino from 'pino';
import { loadConfig, WebhookDispatcherConfig } from '@sesame/config';
import { bullPrefix, QUEUES, WebhookJobs } from '@sesame/messaging';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '@sesame/testing';
import type { Resolver } from '@sesame/webhooks';
import { WebhookDispatcherModule } from '../webhook-dispatcher.module';

/** Test-only (excluded from the build): a real dispatcher for the integration specs. */
export const TEST_PEPPERS = ['k1:' + 'x'.repeat(40)];

type AnyJob = WebhookJobs[keyof WebhookJobs];

/** A real dispatcher (Nest module, BullMQ worker, Postgres, HTTP) on its own Redis prefix. */
export class Dispatcher {
  app!: INestApplicationContext;
  queue!: Queue<AnyJob>;
  events!: QueueEvents;
  readonly prefix = uniqueRedisPrefix('webhooks');

  async start(dbUrl: string, allowedTargets: string, env: Record<string, string> = {}, resolver?: Resolver): Promise<this> {
    const config = loadConfig(WebhookDispatcherConfig, {
      DATABASE_URL: dbUrl, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: this.prefix, DB_POOL_SIZE: '4',
      TOKEN_PEPPER: TEST_PEPPERS.join(','), WEBHOOK_ALLOWED_TARGETS: allowedTargets, WEBHOOK_TIMEOUT_MS: '2000', LOG_LEVEL: 'silent',
      // Compressed: the production schedule's shape (9 retries, jitter) in milliseconds.
      WEBHOOK_RETRY_SCHEDULE: '50ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms,100ms', WEBHOOK_RETRY_JITTER: '0.2',
      ...env,
    });
    this.app = await NestFactory.createApplicationContext(WebhookDispatcherModule.forRoot(config, pino({ level: 'silent' }), resolver), { logger: false });
    // Queue and QueueEvents make (and later close) their own connections from these options.
    const opts = { connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix: bullPrefix(this.prefix) };
    this.queue = new Queue(QUEUES.webhooks, opts);
    this.events = new QueueEvents(QUEUES.webhooks, opts);
    await this.events.waitUntilReady();
    return this;
  }

  /** Adds a job as the outbox relay does and waits for its final outcome. */
  async run<N extends keyof WebhookJobs>(name: N, data: WebhookJobs[N], opts: JobsOptions, timeoutMs = 15_000): Promise<Job> {
    const job = await this.queue.add(name, data, opts);
    await job.waitUntilFinished(this.events, timeoutMs).catch(() => undefined);
    return (await this.queue.getJob(job.id as string)) as Job;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.events?.close();
    await this.queue?.close();
    await deleteRedisPrefix(this.prefix);
  }
}

export async function eventually(assertion: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > until) throw err;
      await sleep(50);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
