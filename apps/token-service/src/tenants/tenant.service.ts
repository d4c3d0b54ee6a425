import { Inject, Injectable } from '@nestjs/common';
import { generateApiKey, hashApiKey } from '@sesame/crypto';
import { applyPolicyPatch, defaultPolicy, SesameError } from '@sesame/domain';
import type { CreateTenantRequest, CreateTenantResponse } from '@sesame/messaging';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { audit } from '../shared/audit';
import { slugify, withSuffix } from './slug';
import { TenantRepository } from './tenant.repository';

@Injectable()
export class TenantService {
  constructor(
    @Inject(TenantRepository) private readonly tenants: TenantRepository,
    @Inject(ApiKeyRepository) private readonly apiKeys: ApiKeyRepository,
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
    });
    return { id: req.requestId, slug, name: req.name, api_key: key };
  }
}
