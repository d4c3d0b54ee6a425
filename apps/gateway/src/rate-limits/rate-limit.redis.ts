import { BeforeApplicationShutdown, Inject, Injectable, Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import type { GatewayConfig } from '@sesame/config';
import { createRedis } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';

/** The gateway's Redis connection for rate-limit counters (fail fast: a down Redis is a 503, not a hang). */
export const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

export const rateLimitRedisProvider: Provider = {
  provide: RATE_LIMIT_REDIS,
  inject: [CONFIG],
  useFactory: (config: GatewayConfig) =>
    createRedis(config.REDIS_URL, { name: 'gateway:rate-limits', failFast: true, enableAutoPipelining: true, lazyConnect: false }),
};

@Injectable()
export class RateLimitRedisCloser implements BeforeApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: Redis) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
