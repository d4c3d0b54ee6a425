import { Provider } from '@nestjs/common';
import type { WebhookDispatcherConfig } from '@sesame/config';
import type { Logger } from 'pino';
import { openProducerQueue, processRedisProviders, ProducerQueue, QUEUES, RedisConnection, WebhookJobs } from '@sesame/messaging';
import { CONFIG, LOGGER } from '@sesame/observability';

/** The process's one Redis connection, shared by the queue, the worker and the health check. */
export const DISPATCHER_REDIS = Symbol('DISPATCHER_REDIS');
/** The `webhooks` queue as a producer: fan-out adds its `deliver` jobs here. */
export const WEBHOOKS_QUEUE = Symbol('WEBHOOKS_QUEUE');

export type WebhooksQueue = ProducerQueue<WebhookJobs[keyof WebhookJobs], unknown, keyof WebhookJobs>;

/** The connection, the queue, and a closer that closes the queue, then quits Redis, after the worker has closed (in onModuleDestroy). */
export const redisProviders: Provider[] = [
  ...processRedisProviders({ token: DISPATCHER_REDIS, name: 'webhook-dispatcher', closeFirst: [WEBHOOKS_QUEUE] }),
  {
    provide: WEBHOOKS_QUEUE,
    inject: [CONFIG, DISPATCHER_REDIS, LOGGER],
    useFactory: (config: WebhookDispatcherConfig, redis: RedisConnection, logger: Logger): WebhooksQueue =>
      openProducerQueue(QUEUES.webhooks, { redis, keyspace: config, logger }),
  },
];
