import {
  ConsoleSession, csrfRefusal, isMutating, isWellFormedSessionId, newCsrfToken, newSessionId, scopesForRole, sessionCookie, sessionExpiry, sessionKeyOf,
} from './console-session';

const session: ConsoleSession = {
  userId: 'u1', tenantId: 't1', email: 'ada@a.example', role: 'admin', csrf: newCsrfToken(), createdAt: Date.parse('2026-01-01T00:00:00Z'),
};

describe('console session', () => {
  it('ids and CSRF tokens are 256-bit, distinct, and only well-formed ids are looked up', () => {
    const ids = new Set(Array.from({ length: 100 }, newSessionId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(isWellFormedSessionId(id)).toBe(true);
    expect(newCsrfToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const bad of [undefined, '', 'short', `${newSessionId()}x`, `${newSessionId().slice(1)}*`]) expect(isWellFormedSessionId(bad)).toBe(false);
  });

  it('Redis holds a hash of the id, never the id', () => {
    const id = newSessionId();
    expect(sessionKeyOf(id)).not.toContain(id);
    expect(sessionKeyOf(id)).toBe(sessionKeyOf(id));
    expect(sessionKeyOf(id)).not.toBe(sessionKeyOf(newSessionId()));
  });

  it('the cookie is __Host-, HttpOnly, Secure, SameSite=Strict, Path=/', () => {
    const cookie = sessionCookie('abc', 3600);
    expect(cookie.split('; ')).toEqual(['__Host-sesame_console=abc', 'Path=/', 'Secure', 'HttpOnly', 'SameSite=Strict', 'Max-Age=3600']);
  });

  it('ends at its absolute lifetime, however active', () => {
    const max = 3600;
    expect(sessionExpiry(session, session.createdAt + max * 1000 - 1, max)).toBeNull();
    expect(sessionExpiry(session, session.createdAt + max * 1000, max)).toBe('absolute_lifetime');
  });

  it('reads need no CSRF token; every mutation needs the session\'s own', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS']) {
      expect(isMutating(m)).toBe(false);
      expect(csrfRefusal(session, m, undefined)).toBeNull();
    }
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'delete']) {
      expect(isMutating(m)).toBe(true);
      expect(csrfRefusal(session, m, undefined)).toMatch(/missing/);
      expect(csrfRefusal(session, m, '')).toMatch(/missing/);
      expect(csrfRefusal(session, m, [session.csrf, session.csrf])).toMatch(/missing/);
      expect(csrfRefusal(session, m, newCsrfToken())).toMatch(/does not match/);
      expect(csrfRefusal(session, m, session.csrf)).toBeNull();
    }
  });

  it('a viewer gets read scopes only; an admin gets admin', () => {
    expect(scopesForRole('admin')).toEqual(['admin']);
    expect(scopesForRole('viewer')).toEqual(['magic_links:view', 'users:read', 'audit:read']);
    expect(scopesForRole('viewer')).not.toContain('admin');
  });
});
