import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SesameError } from '@sesame/domain';
import { loadTenantPolicy, TenantWithPolicy } from '@sesame/persistence';

const TTL_MS = 5000;

/**
 * Tenant and policy, read on every link create, cached for a few seconds per process so the hot
 * path stays one SQL statement. A policy change takes effect within TTL_MS on other replicas and
 * at once on the one that made it (it calls forget). The same bound holds for disabling a tenant:
 * every request that needs the tenant is refused with 403 `tenant_disabled` within TTL_MS.
 */
@Injectable()
export class TenantCache {
  private readonly entries = new Map<string, { value: TenantWithPolicy; until: number }>();

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

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
