import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateApiKey, hashApiKey } from '@sesame/crypto';
import { SesameError } from '@sesame/domain';
import type { CreateApiKeyRequest, CreateApiKeyResponse, ResolveApiKeyRequest, ResolvedApiKey } from '@sesame/messaging';
import { audit } from '../shared/audit';
import { ApiKeyRepository } from './api-key.repository';

@Injectable()
export class ApiKeyService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ApiKeyRepository) private readonly apiKeys: ApiKeyRepository,
  ) {}

  async create(req: CreateApiKeyRequest): Promise<CreateApiKeyResponse> {
    const { key, prefix } = generateApiKey();
    const created = await this.db.transaction(async (m) => {
      const row = await this.apiKeys.insert(m, { id: req.requestId, tenantId: req.tenantId, name: req.name, prefix, keyHash: hashApiKey(key), scopes: req.scopes });
      if (!row) throw new SesameError('conflict', 'This request was already applied; the key was shown once');
      await audit(m, { tenantId: req.tenantId, action: 'api_key.created', subjectType: 'api_key', subjectId: req.requestId, actor: req.actor, data: { name: req.name, scopes: req.scopes } });
      return row;
    });
    return { id: req.requestId, name: req.name, scopes: req.scopes, created_at: new Date(created.created_at).toISOString(), key };
  }

  resolve(req: ResolveApiKeyRequest): Promise<ResolvedApiKey | null> {
    return this.apiKeys.resolve(req.keyHash);
  }
}
