import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { TokenServiceConfig } from '@sesame/config';
import { SesameError } from '@sesame/domain';
import { subscribeToCacheInvalidations } from '@sesame/messaging';
import { CONFIG, LOGGER } from '@sesame/observability';
import { loadTenantPolicy, TenantWithPolicy } from '@sesame/persistence';

const TTL_MS = 5000;

/**
 * Tenant and policy, read on every link create, cached for a few seconds per process so the hot
 * path stays one SQL statement. A policy change or a disabled tenant takes effect at once on the
 * replica that made it (it calls forget) and on the others when the gateway's invalidation
 * arrives (@sesame/messaging cache-invalidation.ts); TTL_MS bounds what a lost message costs.
 */
@Injectable()
export class TenantCache implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly entries = new Map<string, { value: TenantWithPolicy; until: number }>();
  private unsubscribe?: () => void;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: TokenServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = subscribeToCacheInvalidations(
      { redisUrl: this.config.REDIS_URL, prefix: this.config.REDIS_PREFIX, name: 'token-service:cache-invalidation', logger: this.logger },
      {
        apply: (m) => {
          if (m.tenantId) this.forget(m.tenantId);
        },
        dropAll: () => this.entries.clear(),
      },
    );
  }

  beforeApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  async get(tenantId: string): Promise<TenantWithPolicy> {
    const hit = this.entries.get(tenantId);
    const tenant = hit && hit.until > Date.now() ? hit.value : await this.load(tenantId);
    if (tenant.disabled) throw new SesameError('tenant_disabled', 'This tenant is disabled');
    return tenant;
  }

  private async load(tenantId: string): Promise<TenantWithPolicy> {
    const tenant = await loadTenantPolicy(this.db, tenantId);
    if (!tenant) throw new SesameError('not_found', 'Tenant not found');
    this.entries.set(tenantId, { value: tenant, until: Date.now() + TTL_MS });
    return tenant;
  }

  forget(tenantId: string): void {
    this.entries.delete(tenantId);
  }
}
