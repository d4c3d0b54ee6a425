import { SCOPES, hasScope, isScope } from './scopes';

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
