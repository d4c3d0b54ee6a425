/** API-key scopes. `admin` implies every other scope of its tenant. */
export const SCOPES = [
  'magic_links:add',
  'magic_links:view',
  'magic_links:remove',
  'users:read',
  'users:write',
  'webhooks:manage',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

export function hasScope(granted: readonly string[], required: Scope): boolean {
  return granted.includes('admin') || granted.includes(required);
}
