import { BeforeApplicationShutdown, Inject, Injectable, Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import type { SchedulerConfig } from '@sesame/config';
import { createRedis } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';

/** The process's one Redis connection, shared by the BullMQ queue, the worker and the health check. */
export const SCHEDULER_REDIS = Symbol('SCHEDULER_REDIS');

export const schedulerRedisProvider: Provider = {
  provide: SCHEDULER_REDIS,
  inject: [CONFIG],
  useFactory: (config: SchedulerConfig) => createRedis(config.REDIS_URL, { name: 'scheduler' }),
};

/** Quits Redis after the worker and queue have closed (they close in onModuleDestroy). */
@Injectable()
export class SchedulerRedisCloser implements BeforeApplicationShutdown {
  constructor(@Inject(SCHEDULER_REDIS) private readonly redis: Redis) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
