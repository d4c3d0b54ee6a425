import { Inject, Injectable } from '@nestjs/common';
import { generateApiKey, hashApiKey } from '@sesame/crypto';
import { applyPolicyPatch, defaultPolicy, SesameError } from '@sesame/domain';
import type {
  CreateTenantRequest, CreateTenantResponse, DeleteTenantRequest, GetTenantRequest, ListTenantsRequest, ListTenantsResponse, TenantActivity,
  TenantView, UpdateTenantRequest,
} from '@sesame/messaging';
import { decodeCursor, toPage } from '@sesame/persistence';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { audit } from '../shared/audit';
import { slugify, withSuffix } from './slug';
import { TenantActivityRepository } from './tenant-activity.repository';
import { TenantRepository, TenantRow } from './tenant.repository';

@Injectable()
export class TenantService {
  constructor(
    @Inject(TenantRepository) private readonly tenants: TenantRepository,
    @Inject(ApiKeyRepository) private readonly apiKeys: ApiKeyRepository,
    @Inject(TenantActivityRepository) private readonly activity: TenantActivityRepository,
  ) {}

  /** Creates the tenant and its first key (scope admin), shown once. Replays of one request id create nothing. */
  async create(req: CreateTenantRequest): Promise<CreateTenantResponse> {
    // A tenant created with allowed redirect URLs starts with redirects enabled.
    const allowed = req.allowedRedirectUrls ?? [];
    const ctx = { tenantName: req.name, appOrigin: req.appOrigin };
    const policy = applyPolicyPatch(defaultPolicy(ctx), { app: { origin: req.appOrigin }, redirect: { enabled: allowed.length > 0, allowed_urls: allowed } }, ctx);
    const existing = await this.tenants.findById(req.requestId);
    if (existing) throw new SesameError('conflict', 'This request was already applied; its API key was shown once');

    let slug = slugify(req.name);
    if (await this.tenants.slugExists(slug)) slug = withSuffix(slug);
    const { key, prefix } = generateApiKey();
    await this.tenants.transaction(async (m) => {
      const inserted = await this.tenants.insert(m, {
        id: req.requestId, slug, name: req.name, policy,
      });
      if (!inserted) throw new SesameError('conflict', 'A tenant with this slug was just created; retry');
      await this.apiKeys.insert(m, { id: req.requestId, tenantId: req.requestId, name: 'default admin key', prefix, keyHash: hashApiKey(key), scopes: ['admin'] });
      await audit(m, { tenantId: req.requestId, action: 'tenant.created', subjectType: 'tenant', subjectId: req.requestId, actor: null, data: { slug } });
      await this.tenants.operatorAudit(m, { action: 'tenant.created', tenantId: req.requestId, actor: null, data: { slug, name: req.name } });
    });
    return { id: req.requestId, slug, name: req.name, api_key: key };
  }

  async list(req: ListTenantsRequest): Promise<ListTenantsResponse> {
    const rows = await this.tenants.list(req.q, decodeCursor(req.cursor, 'uuid'), req.limit + 1);
    const activity = await this.activity.forTenants(rows.slice(0, req.limit).map((r) => r.id));
    return toPage(rows, req.limit, (r) => toView(r, activityOf(activity, r.id)));
  }

  async get(req: GetTenantRequest): Promise<TenantView> {
    const row = await this.tenants.get(req.id);
    if (!row) throw new SesameError('not_found', 'Tenant not found');
    return this.viewOf(row);
  }

  /**
   * Rename, disable or enable. Disabling refuses the tenant's keys, public endpoints and links
   * at once here and on every replica within the caches' bound (docs/api.md); enabling restores them.
   */
  async update(req: UpdateTenantRequest): Promise<TenantView> {
    const row = await this.tenants.transaction(async (m) => {
      const current = await this.tenants.lock(m, req.id);
      if (!current) throw new SesameError('not_found', 'Tenant not found');
      if (current.deleted_at) throw new SesameError('tenant_deleted', 'This tenant was deleted; it is purged after the retention window and cannot be changed');
      const wasDisabled = current.disabled_at !== null;
      const next = { name: req.name ?? current.name, disabled: req.disabled ?? wasDisabled };
      if (next.name === current.name && next.disabled === wasDisabled) return current;
      const updated = await this.tenants.update(m, req.id, next);
      const action = next.disabled === wasDisabled ? 'tenant.updated' : next.disabled ? 'tenant.disabled' : 'tenant.enabled';
      const data = { name: next.name, previous_name: current.name, disabled: next.disabled };
      await this.tenants.operatorAudit(m, { action, tenantId: req.id, actor: req.actor, data });
      await audit(m, { tenantId: req.id, action, subjectType: 'tenant', subjectId: req.id, actor: null, data });
      return updated;
    });
    return this.viewOf(row);
  }

  /** Disabled at once; the scheduler purges the tenant and its data after DELETED_TENANT_RETENTION_SECONDS. */
  async delete(req: DeleteTenantRequest): Promise<TenantView> {
    const row = await this.tenants.transaction(async (m) => {
      const current = await this.tenants.lock(m, req.id);
      if (!current) throw new SesameError('not_found', 'Tenant not found');
      if (current.deleted_at) return current;
      const deleted = await this.tenants.update(m, req.id, { name: current.name, disabled: true, deleted: true });
      await this.tenants.operatorAudit(m, { action: 'tenant.deleted', tenantId: req.id, actor: req.actor, data: { slug: current.slug, name: current.name } });
      return deleted;
    });
    return this.viewOf(row);
  }

  private async viewOf(row: TenantRow): Promise<TenantView> {
    return toView(row, activityOf(await this.activity.forTenants([row.id]), row.id));
  }
}

function activityOf(all: Map<string, TenantActivity>, id: string): TenantActivity {
  const a = all.get(id);
  if (!a) throw new Error(`no activity row for tenant ${id}`);
  return a;
}

function toView(r: TenantRow, activity: TenantActivity): TenantView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    status: r.deleted_at ? 'deleted' : r.disabled_at ? 'disabled' : 'active',
    disabled_at: iso(r.disabled_at),
    deleted_at: iso(r.deleted_at),
    created_at: new Date(r.created_at).toISOString(),
    activity,
  };
}
