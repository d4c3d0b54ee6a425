import { canonicalScope, ENTRUST_PERMISSIONS, GRANTABLE_SCOPES, SCOPES, hasScope, isGrantableScope, isScope } from './scopes';

describe('hasScope', () => {
  it('grants a scope that is held', () => {
    expect(hasScope(['magic_links:add'], 'magic_links:add')).toBe(true);
  });

  it('refuses a scope that is not held', () => {
    expect(hasScope(['magic_links:view'], 'magic_links:add')).toBe(false);
    expect(hasScope([], 'users:read')).toBe(false);
  });

  it('lets admin imply every scope', () => {
    for (const s of SCOPES) expect(hasScope(['admin'], s)).toBe(true);
  });

  it('does not treat other scopes as admin', () => {
    expect(hasScope(['users:write', 'webhooks:manage'], 'admin')).toBe(false);
  });

  it('validates scope names', () => {
    expect(isScope('users:read')).toBe(true);
    expect(isScope('users:*')).toBe(false);
    expect(isScope(undefined)).toBe(false);
  });
});

describe('Entrust permission names', () => {
  it.each([
    ['MAGICLINKS:ADD', 'magic_links:add'],
    ['MAGICLINKS:VIEW', 'magic_links:view'],
    ['MAGICLINKS:REMOVE', 'magic_links:remove'],
  ] as const)('%s grants %s and nothing else', (permission, scope) => {
    expect(canonicalScope(permission)).toBe(scope);
    expect(hasScope([permission], scope)).toBe(true);
    expect(hasScope([permission], permission)).toBe(true);
    for (const other of SCOPES.filter((s) => s !== scope)) expect(hasScope([permission], other)).toBe(false);
  });

  it('is satisfied by the Sesame scope it maps to', () => {
    expect(hasScope(['magic_links:view'], 'MAGICLINKS:VIEW')).toBe(true);
    expect(hasScope(['magic_links:add'], 'MAGICLINKS:VIEW')).toBe(false);
  });

  it('can be granted, in Entrust spelling only', () => {
    for (const p of Object.keys(ENTRUST_PERMISSIONS)) expect(isGrantableScope(p)).toBe(true);
    expect(isGrantableScope('magiclinks:add')).toBe(false);
    expect(isGrantableScope('MAGICLINKS:EDIT')).toBe(false);
    expect(GRANTABLE_SCOPES).toEqual(expect.arrayContaining([...SCOPES]));
  });
});
