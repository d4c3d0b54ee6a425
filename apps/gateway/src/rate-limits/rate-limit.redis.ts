import { BeforeApplicationShutdown, Inject, Injectable, Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import type { GatewayConfig } from '@sesame/config';
import { createRedis, RedisConnection } from '@sesame/messaging';
import { CONFIG, LOGGER } from '@sesame/observability';

/**
 * The gateway's Redis connection for rate-limit counters (and console sessions, key-cache
 * invalidations, the API-pressure mark). Commands are retried only once; the rate limiter, on every
 * create's path through the tenant budget, also passes a RedisReadyGate first, so a Redis that is
 * down is a 503 at once instead of a wait for the next reconnect attempt.
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
