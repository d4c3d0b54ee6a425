import { BeforeApplicationShutdown, Inject, Injectable, Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { WebhookDispatcherConfig } from '@sesame/config';
import { bullPrefix, createRedis, QUEUES, WebhookJobs } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';

/** The process's one Redis connection, shared by the queue, the worker and the health check. */
export const DISPATCHER_REDIS = Symbol('DISPATCHER_REDIS');
/** The `webhooks` queue as a producer: fan-out adds its `deliver` jobs here. */
export const WEBHOOKS_QUEUE = Symbol('WEBHOOKS_QUEUE');

export type WebhooksQueue = Queue<WebhookJobs[keyof WebhookJobs], unknown, keyof WebhookJobs>;

export const redisProviders: Provider[] = [
  {
    provide: DISPATCHER_REDIS,
    inject: [CONFIG],
    useFactory: (config: WebhookDispatcherConfig) => createRedis(config.REDIS_URL, { name: 'webhook-dispatcher' }),
  },
  {
    provide: WEBHOOKS_QUEUE,
    inject: [CONFIG, DISPATCHER_REDIS],
    useFactory: (config: WebhookDispatcherConfig, redis: Redis): WebhooksQueue =>
      new Queue(QUEUES.webhooks, { connection: redis, prefix: bullPrefix(config.REDIS_PREFIX) }),
  },
];

/** Closes the queue, then quits Redis, after the worker has closed (in onModuleDestroy). */
@Injectable()
export class RedisCloser implements BeforeApplicationShutdown {
  constructor(
    @Inject(DISPATCHER_REDIS) private readonly redis: Redis,
    @Inject(WEBHOOKS_QUEUE) private readonly queue: WebhooksQueue,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
