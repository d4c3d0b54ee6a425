import { BeforeApplicationShutdown, Inject, Injectable, Provider } from '@nestjs/common';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type Redis from 'ioredis';
import type { SchedulerConfig } from '@sesame/config';
import { createRedis } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';

/** The process's one Redis connection, shared by the BullMQ queue, the worker and the health check. */
export const SCHEDULER_REDIS = Symbol('SCHEDULER_REDIS');

const QUIT_TIMEOUT_MS = 2000;

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
    if (this.isEnded()) return;
    const ended = once(this.redis, 'end');
    // QUIT waits for a reachable Redis; if it is down, drop the connection rather than hang shutdown.
    const quit = this.redis.quit().catch(() => this.redis.disconnect());
    await Promise.race([Promise.all([quit, ended]), sleep(QUIT_TIMEOUT_MS, undefined, { ref: false })]);
    if (!this.isEnded()) this.redis.disconnect();
  }

  private isEnded(): boolean {
    return this.redis.status === 'end';
  }
}
