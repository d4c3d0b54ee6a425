import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateApiKey, hashApiKey } from '@sesame/crypto';
import { SesameError } from '@sesame/domain';
import type {
  ApiKeyListItem, CreateApiKeyRequest, CreateApiKeyResponse, ListApiKeysRequest, ListApiKeysResponse, ResolveApiKeyRequest, ResolvedApiKey,
  RevokeApiKeyRequest, RotateApiKeyRequest, RotateApiKeyResponse,
} from '@sesame/messaging';
import { decodeCursor, toPage } from '@sesame/persistence';
import { audit } from '../shared/audit';
import { ApiKeyRepository, ApiKeyRow } from './api-key.repository';

@Injectable()
export class ApiKeyService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ApiKeyRepository) private readonly apiKeys: ApiKeyRepository,
  ) {}

  async create(req: CreateApiKeyRequest): Promise<CreateApiKeyResponse> {
    const { key, prefix } = generateApiKey();
    const expiresAt = req.expiresAt ? new Date(req.expiresAt) : null;
    const created = await this.db.transaction(async (m) => {
      const row = await this.apiKeys.insert(m, {
        id: req.requestId, tenantId: req.tenantId, name: req.name, prefix, keyHash: hashApiKey(key), scopes: req.scopes, expiresAt, createdBy: req.actor.apiKeyId,
      });
      if (!row) throw new SesameError('conflict', 'This request was already applied; the key was shown once');
      await audit(m, {
        tenantId: req.tenantId, action: 'api_key.created', subjectType: 'api_key', subjectId: req.requestId, actor: req.actor,
        data: { name: req.name, scopes: req.scopes, prefix, expires_at: expiresAt?.toISOString() ?? null },
      });
      return row;
    });
    return { ...toListItem(created), key };
  }

  resolve(req: ResolveApiKeyRequest): Promise<ResolvedApiKey | null> {
    return this.apiKeys.resolve(req.keyHash);
  }

  async list(req: ListApiKeysRequest): Promise<ListApiKeysResponse> {
    const rows = await this.apiKeys.list(req.tenantId, decodeCursor(req.cursor, 'uuid'), req.limit + 1);
    return toPage(rows, req.limit, toListItem);
  }

  /**
   * Revoked at once. The tenant keeps at least one live admin key, since without one nobody can
   * manage its keys again; an admin key that has expired already may go.
   */
  async revoke(req: RevokeApiKeyRequest): Promise<void> {
    await this.db.transaction(async (m) => {
      const k = await this.apiKeys.lockForChange(m, req.tenantId, req.id);
      if (!k) throw new SesameError('not_found', 'API key not found');
      const live = !k.expires_at || new Date(k.expires_at).getTime() > Date.now();
      if (live && k.scopes.includes('admin') && (await this.apiKeys.otherLiveAdminKeys(m, req.tenantId, k.id)) === 0) {
        throw new SesameError('last_admin_key', 'This is the tenant\'s last admin key; create or rotate to another admin key first');
      }
      await this.apiKeys.revoke(m, req.tenantId, k.id);
      await audit(m, {
        tenantId: req.tenantId, action: 'api_key.revoked', subjectType: 'api_key', subjectId: k.id, actor: req.actor,
        data: { name: k.name, prefix: k.prefix },
      });
    });
  }

  /**
   * A new key with the same name, scopes and expiry; the old one keeps working for the overlap
   * (0: revoked now). A rotation always leaves the new key, so it never removes the last admin key.
   */
  async rotate(req: RotateApiKeyRequest): Promise<RotateApiKeyResponse> {
    const { key, prefix } = generateApiKey();
    const newId = req.requestId;
    return this.db.transaction(async (m) => {
      const old = await this.apiKeys.lockForChange(m, req.tenantId, req.id);
      if (!old) throw new SesameError('not_found', 'API key not found');
      if (old.rotated_to_api_key_id) throw new SesameError('conflict', 'This API key was already rotated', { rotated_to: old.rotated_to_api_key_id });
      // Its successor would inherit the past expiry and be born refused.
      if (old.expires_at && new Date(old.expires_at).getTime() <= Date.now()) throw new SesameError('conflict', 'This API key has expired; create a new one');
      const created = await this.apiKeys.insert(m, {
        id: newId, tenantId: req.tenantId, name: old.name, prefix, keyHash: hashApiKey(key), scopes: old.scopes, expiresAt: old.expires_at, createdBy: req.actor.apiKeyId,
      });
      if (!created) throw new SesameError('conflict', 'This request was already applied; the key was shown once');
      const oldExpiresAt = await this.apiKeys.markRotated(m, req.tenantId, old.id, newId, req.overlapSeconds);
      const replaces = { id: old.id, expires_at: new Date(oldExpiresAt).toISOString() };
      await audit(m, {
        tenantId: req.tenantId, action: 'api_key.rotated', subjectType: 'api_key', subjectId: old.id, actor: req.actor,
        data: { name: old.name, new_api_key_id: newId, new_prefix: prefix, overlap_seconds: req.overlapSeconds, old_expires_at: replaces.expires_at },
      });
      return { ...toListItem(created), key, replaces };
    });
  }
}

function toListItem(r: ApiKeyRow): ApiKeyListItem {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    created_at: new Date(r.created_at).toISOString(),
    expires_at: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    last_used_at: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
    created_by: r.created_by_api_key_id,
  };
}
