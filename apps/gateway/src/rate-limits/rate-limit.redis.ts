import { BeforeApplicationShutdown, Inject, Injectable, Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import type { GatewayConfig } from '@sesame/config';
import { createRedis, RedisConnection } from '@sesame/messaging';
import { CONFIG, LOGGER } from '@sesame/observability';

/**
 * The gateway's Redis connection for rate-limit counters. Commands wait while it (re)connects but
 * are retried only once, so a Redis that is down becomes a 503 quickly instead of a hang.
 */
export const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

export const rateLimitRedisProvider: Provider = {
  provide: RATE_LIMIT_REDIS,
  inject: [CONFIG, LOGGER],
  useFactory: (config: GatewayConfig, logger: Logger) =>
    createRedis(config.REDIS_URL, { name: 'gateway:rate-limits', maxRetriesPerRequest: 1, enableAutoPipelining: true, logger }),
};

@Injectable()
export class RateLimitRedisCloser implements BeforeApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: RedisConnection) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
