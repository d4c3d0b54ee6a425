import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { GatewayConfig } from '@sesame/config';
import { CacheInvalidationMessage, publishCacheInvalidation, RedisConnection, subscribeToCacheInvalidations } from '@sesame/messaging';
import { CONFIG, LOGGER } from '@sesame/observability';
import { TenantDirectory } from '../public/tenant-directory';
import { RATE_LIMIT_REDIS } from '../rate-limits/rate-limit.redis';
import { ApiKeyCache } from './api-key-cache';

/**
 * Tells every gateway and token-service replica to drop what it cached about a revoked or rotated
 * key, a disabled tenant or a changed policy, so the change holds everywhere within milliseconds
 * (@sesame/messaging cache-invalidation.ts). What a lost message can cost is bounded by the
 * caches' TTL (API_KEY_CACHE_MS, TenantDirectory's 5 s).
 */
@Injectable()
export class CacheInvalidation implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private unsubscribe?: () => void;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RATE_LIMIT_REDIS) private readonly redis: RedisConnection,
    @Inject(ApiKeyCache) private readonly keys: ApiKeyCache,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = subscribeToCacheInvalidations(
      { redisUrl: this.config.REDIS_URL, prefix: this.config.REDIS_PREFIX, name: 'gateway:cache-invalidation', logger: this.logger },
      { apply: (m) => this.applyLocally(m), dropAll: () => this.dropAll() },
    );
  }

  beforeApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  /** Drops the entries here and publishes the invalidation; never fails the request (the change is committed). */
  async publish(message: CacheInvalidationMessage): Promise<void> {
    this.applyLocally(message);
    await publishCacheInvalidation(this.redis, this.config.REDIS_PREFIX, message, (err) => {
      this.logger.warn({ err }, 'cache invalidation: publish failed; other replicas rely on the cache TTL');
    });
  }

  private applyLocally(m: CacheInvalidationMessage): void {
    if (m.apiKeyIds?.length) this.keys.forgetKeys(m.apiKeyIds);
    if (m.tenantId) {
      this.keys.forgetTenant(m.tenantId);
      this.tenants.forgetTenant(m.tenantId);
    }
  }

  private dropAll(): void {
    this.keys.clear();
    this.tenants.clear();
  }
}
