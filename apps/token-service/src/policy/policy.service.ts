import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { applyPolicyPatch, jsonDiff, policyUpdatedData, SesameError } from '@sesame/domain';
import type { GetPolicyRequest, PolicyView, UpdatePolicyRequest } from '@sesame/messaging';
import { loadTenantPolicy, recordEvent } from '@sesame/persistence';
import { audit } from '../shared/audit';
import { TenantCache } from '../shared/tenant-cache';
import { TenantRepository } from '../tenants/tenant.repository';

/** A tenant's policy document (libs/domain/src/policy): read it, change it with a JSON merge patch. */
@Injectable()
export class PolicyService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantRepository) private readonly tenants: TenantRepository,
    @Inject(TenantCache) private readonly cache: TenantCache,
  ) {}

  async get(req: GetPolicyRequest): Promise<PolicyView> {
    const tenant = await loadTenantPolicy(this.db, req.tenantId);
    if (!tenant) throw new SesameError('not_found', 'Tenant not found');
    return tenant.policy;
  }

  /**
   * Validates the patched policy as a whole (400 `validation_failed` with `details.issues`), saves it,
   * and records the change in the audit log and as `policy.updated`. A patch that changes nothing
   * records nothing.
   */
  async update(req: UpdatePolicyRequest): Promise<PolicyView> {
    const policy = await this.db.transaction(async (m) => {
      const tenant = await this.tenants.lockPolicy(m, req.tenantId);
      if (!tenant) throw new SesameError('not_found', 'Tenant not found');
      const next = applyPolicyPatch(tenant.policy, req.patch, { tenantName: tenant.name, appOrigin: tenant.policy.app.origin });
      const changes = jsonDiff(tenant.policy, next);
      if (changes.length === 0) return next;
      await this.tenants.savePolicy(m, req.tenantId, next);
      await audit(m, { tenantId: req.tenantId, action: 'policy.updated', subjectType: 'tenant', subjectId: req.tenantId, actor: req.actor, data: { changes } });
      // Only the changed paths, bounded: the whole policy (and its old and new values) could pass 20 KB.
      await recordEvent(m, req.tenantId, 'policy.updated', policyUpdatedData(changes.map((c) => c.path)));
      return next;
    });
    // This replica at once; the others when the gateway's invalidation arrives (TenantCache).
    this.cache.forget(req.tenantId);
    return policy;
  }
}
