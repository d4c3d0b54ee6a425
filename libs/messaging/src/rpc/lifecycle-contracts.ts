import type { Actor, ApiKeyView } from './rpc-contracts';

/**
 * RPC patterns and shapes of the key and tenant lifecycle: a tenant's API keys (list, revoke,
 * rotate) and the operator's tenants (list, get, update, delete).
 */
export const LIFECYCLE_RPC = {
  apiKeysList: 'api-keys.list',
  apiKeysRevoke: 'api-keys.revoke',
  apiKeysRotate: 'api-keys.rotate',
  tenantsList: 'tenants.list',
  tenantsGet: 'tenants.get',
  tenantsUpdate: 'tenants.update',
  tenantsDelete: 'tenants.delete',
} as const;

/** A key as listed: never its secret, only the prefix that identifies it in logs and consoles. */
export interface ApiKeyListItem extends ApiKeyView {
  prefix: string;
  expires_at: string | null;
  /** Accurate to a minute (it is written at most once a minute per key). */
  last_used_at: string | null;
  /** The key that created this one (or rotated into it); null for the tenant's first key. */
  created_by: string | null;
}

export interface ListApiKeysRequest {
  tenantId: string;
  cursor?: string;
  limit: number;
}
export interface ListApiKeysResponse {
  data: ApiKeyListItem[];
  next_cursor: string | null;
}

export interface RevokeApiKeyRequest {
  tenantId: string;
  id: string;
  actor: Actor;
}

export interface RotateApiKeyRequest {
  requestId: string;
  tenantId: string;
  id: string;
  /** How long the old key keeps working; 0 revokes it at once. */
  overlapSeconds: number;
  actor: Actor;
}
export interface RotateApiKeyResponse extends ApiKeyListItem {
  /** The new key, shown once. */
  key: string;
  /** The old key and when it stops working. */
  replaces: { id: string; expires_at: string };
}

/**
 * The cache-invalidation message (Redis pub/sub, cache-invalidation.ts): drop these keys, or
 * everything cached of this tenant (its keys, its record and its policy).
 */
export interface CacheInvalidationMessage {
  apiKeyIds?: string[];
  tenantId?: string;
}

export type TenantStatus = 'active' | 'disabled' | 'deleted';

/** Counts over the last `window_hours`, each capped at `cap` (so a list call stays bounded). */
export interface TenantActivity {
  window_hours: number;
  cap: number;
  links_created: number;
  links_consumed: number;
  emails_sent: number;
  emails_failed: number;
  webhook_failures: number;
}

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  disabled_at: string | null;
  /** The scheduler purges a deleted tenant and its data DELETED_TENANT_RETENTION_SECONDS after this. */
  deleted_at: string | null;
  created_at: string;
  activity: TenantActivity;
}

export interface ListTenantsRequest {
  /** Case-insensitive substring of the name or slug. */
  q?: string;
  cursor?: string;
  limit: number;
}
export interface ListTenantsResponse {
  data: TenantView[];
  next_cursor: string | null;
}

/** The operator's request context, for the operator audit record. */
export interface OperatorActor {
  ip: string | null;
  userAgent: string | null;
}

export interface GetTenantRequest {
  id: string;
}
export interface UpdateTenantRequest {
  id: string;
  name?: string;
  disabled?: boolean;
  actor: OperatorActor;
}
export interface DeleteTenantRequest {
  id: string;
  actor: OperatorActor;
}
