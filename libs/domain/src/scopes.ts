/** API-key scopes. `admin` implies every other scope of its tenant. */
export const SCOPES = [
  'magic_links:add',
  'magic_links:view',
  'magic_links:remove',
  'users:read',
  'users:write',
  'webhooks:manage',
  'audit:read',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Entrust IDaaS permission names, accepted as scopes so that keys made for Entrust provisioning
 * scripts read the same; each grants the Sesame scope it maps to.
 */
export const ENTRUST_PERMISSIONS = {
  'MAGICLINKS:ADD': 'magic_links:add',
  'MAGICLINKS:VIEW': 'magic_links:view',
  'MAGICLINKS:REMOVE': 'magic_links:remove',
} as const satisfies Record<string, Scope>;
export type EntrustPermission = keyof typeof ENTRUST_PERMISSIONS;

/** What an API key may be created with: a scope or an Entrust permission name. */
export type GrantableScope = Scope | EntrustPermission;
export const GRANTABLE_SCOPES: readonly GrantableScope[] = [...SCOPES, ...(Object.keys(ENTRUST_PERMISSIONS) as EntrustPermission[])];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

export function isGrantableScope(value: unknown): value is GrantableScope {
  return typeof value === 'string' && (GRANTABLE_SCOPES as readonly string[]).includes(value);
}

/** The Sesame scope a granted name stands for (an Entrust permission maps; anything else is itself). */
export function canonicalScope(name: string): string {
  return Object.prototype.hasOwnProperty.call(ENTRUST_PERMISSIONS, name) ? ENTRUST_PERMISSIONS[name as EntrustPermission] : name;
}

export function hasScope(granted: readonly string[], required: GrantableScope): boolean {
  const wanted = canonicalScope(required);
  return granted.some((g) => {
    const scope = canonicalScope(g);
    return scope === 'admin' || scope === wanted;
  });
}
