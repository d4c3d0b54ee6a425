import { BeforeApplicationShutdown, Inject, Injectable, Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import type { MailWorkerConfig } from '@sesame/config';
import { createRedis } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';

/** The process's one Redis connection, shared by the BullMQ worker and the health check. */
export const MAIL_REDIS = Symbol('MAIL_REDIS');

export const mailRedisProvider: Provider = {
  provide: MAIL_REDIS,
  inject: [CONFIG],
  useFactory: (config: MailWorkerConfig) => createRedis(config.REDIS_URL, { name: 'mail-worker' }),
};

/** Quits Redis after the worker has closed (it closes in onModuleDestroy). */
@Injectable()
export class MailRedisCloser implements BeforeApplicationShutdown {
  constructor(@Inject(MAIL_REDIS) private readonly redis: Redis) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
