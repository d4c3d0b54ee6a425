import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { GatewayConfig } from '@sesame/config';
import { createRedis, KeyInvalidation, RedisConnection } from '@sesame/messaging';
import { CONFIG, LOGGER } from '@sesame/observability';
import { TenantDirectory } from '../public/tenant-directory';
import { RATE_LIMIT_REDIS } from '../rate-limits/rate-limit.redis';
import { ApiKeyCache } from './api-key-cache';

/**
 * Tells every gateway replica (Redis pub/sub) to drop what it cached about a revoked or rotated
 * key or a disabled tenant, so the change holds everywhere within milliseconds. Pub/sub delivers
 * at most once: a message published while a replica's subscription is down is lost, so each
 * (re)subscription empties the caches, and their TTL (API_KEY_CACHE_MS, TenantDirectory's 5 s)
 * bounds what a lost message can cost.
 */
@Injectable()
export class CacheInvalidation implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly channel: string;
  private subscriber: RedisConnection | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RATE_LIMIT_REDIS) private readonly redis: RedisConnection,
    @Inject(ApiKeyCache) private readonly keys: ApiKeyCache,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
  ) {
    // Channels are not key-prefixed by ioredis: the stack's prefix keeps two stacks on one Redis apart.
    this.channel = `${config.REDIS_PREFIX}:cache-invalidation`;
  }

  onApplicationBootstrap(): void {
    const sub = createRedis(this.config.REDIS_URL, { name: 'gateway:cache-invalidation', logger: this.logger });
    this.subscriber = sub;
    sub.on('ready', () => {
      sub.subscribe(this.channel).then(() => this.dropAll(), (err: unknown) => this.logger.warn({ err }, 'cache invalidation: subscribe failed'));
    });
    sub.on('message', (_channel: string, message: string) => this.apply(message));
  }

  beforeApplicationShutdown(): void {
    // A subscriber has nothing to flush, and QUIT would wait for a Redis that is down.
    this.subscriber?.disconnect();
  }

  /**
   * Drops the entries here and publishes the invalidation. The change is committed already; if
   * Redis is down the other replicas notice within their caches' TTL, so this never fails a request.
   */
  async publish(inv: KeyInvalidation): Promise<void> {
    this.applyLocally(inv);
    await this.redis.publish(this.channel, JSON.stringify(inv)).catch((err: unknown) => {
      this.logger.warn({ err }, 'cache invalidation: publish failed; other replicas rely on the cache TTL');
    });
  }

  private apply(message: string): void {
    try {
      this.applyLocally(JSON.parse(message) as KeyInvalidation);
    } catch {
      this.dropAll();
    }
  }

  private applyLocally(inv: KeyInvalidation): void {
    if (inv.apiKeyIds?.length) this.keys.forgetKeys(inv.apiKeyIds);
    if (inv.tenantId) {
      this.keys.forgetTenant(inv.tenantId);
      this.tenants.forgetTenant(inv.tenantId);
    }
  }

  private dropAll(): void {
    this.keys.clear();
    this.tenants.clear();
  }
}
