import { GatewayConfig } from '@sesame/config';
import { SesameError } from '@sesame/domain';
import type { TenantDirectory } from '../public/tenant-directory';
import { ConsoleAuth } from './console-auth';
import { CONSOLE_COOKIE, ConsoleSession, newSessionId } from './console-session';
import type { ConsoleSessions } from './console-sessions.service';

const ORIGIN = 'https://auth.example.com';
const id = newSessionId();

function auth(session: ConsoleSession | null, tenantDisabled = false, operatorTenant = ''): ConsoleAuth {
  const config = Object.assign(new GatewayConfig(), { PUBLIC_BASE_URL: ORIGIN, CONSOLE_OPERATOR_TENANT: operatorTenant });
  const sessions = { touch: jest.fn(async (presented: string) => (presented === id ? session : null)) } as unknown as ConsoleSessions;
  const tenants = {
    byId: jest.fn(async () => {
      if (tenantDisabled) throw new SesameError('tenant_disabled', 'disabled');
      return { id: 't1', slug: 'operators' };
    }),
  } as unknown as TenantDirectory;
  return new ConsoleAuth(config, sessions, tenants);
}

function req(method: string, headers: Record<string, string> = {}) {
  return { method, headers: { cookie: `other=1; ${CONSOLE_COOKIE}=${id}`, ...headers } };
}

const admin: ConsoleSession = { userId: 'u1', tenantId: 't1', email: 'ada@a.example', role: 'admin', csrf: 'csrf-token', createdAt: Date.now() };
const viewer: ConsoleSession = { ...admin, userId: 'u2', role: 'viewer' };
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: SesameError) => e.code);

describe('ConsoleAuth', () => {
  it('no console cookie: not a console request (the API key path decides)', async () => {
    await expect(auth(admin).authenticate({ method: 'GET', headers: {} }, 'admin')).resolves.toBeNull();
  });

  it('maps a session to its tenant and role scopes, without an API key', async () => {
    await expect(auth(admin).authenticate(req('GET'), 'admin')).resolves.toEqual({ tenantId: 't1', apiKeyId: null, consoleUserId: 'u1', scopes: ['admin'] });
  });

  it('an ended or forged session is 401', async () => {
    expect(await code(auth(null).authenticate(req('GET'), 'admin'))).toBe('unauthorized');
    expect(await code(auth(admin).authenticate({ method: 'GET', headers: { cookie: `${CONSOLE_COOKIE}=${newSessionId()}` } }, 'admin'))).toBe('unauthorized');
  });

  it('a mutation needs the CSRF token and the same origin', async () => {
    const a = auth(admin);
    expect(await code(a.authenticate(req('POST', { origin: ORIGIN }), 'admin'))).toBe('forbidden');
    expect(await code(a.authenticate(req('POST', { origin: ORIGIN, 'x-csrf-token': 'wrong' }), 'admin'))).toBe('forbidden');
    expect(await code(a.authenticate(req('POST', { origin: 'https://evil.example', 'x-csrf-token': 'csrf-token' }), 'admin'))).toBe('forbidden');
    expect(await code(a.authenticate(req('POST', { 'sec-fetch-site': 'cross-site', 'x-csrf-token': 'csrf-token' }), 'admin'))).toBe('forbidden');
    expect(await code(a.authenticate(req('POST', { origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'x-csrf-token': 'csrf-token' }), 'admin'))).toBe('ok');
  });

  it('a viewer reads with read scopes, and is refused every mutation, even one a read scope names', async () => {
    const v = auth(viewer);
    expect(await code(v.authenticate(req('GET'), 'magic_links:view'))).toBe('ok');
    expect(await code(v.authenticate(req('GET'), 'admin'))).toBe('insufficient_scope');
    expect(await code(v.authenticate(req('POST', { origin: ORIGIN, 'x-csrf-token': 'csrf-token' }), 'magic_links:view'))).toBe('insufficient_scope');
  });

  it('a disabled tenant\'s session is refused', async () => {
    expect(await code(auth(admin, true).authenticate(req('GET'), 'admin'))).toBe('tenant_disabled');
  });

  it('root routes: only an admin session of CONSOLE_OPERATOR_TENANT; none at all when it is empty', async () => {
    expect(await code(auth(admin, false, 'operators').authenticateOperator(req('GET')))).toBe('ok');
    expect(await code(auth(admin, false, '').authenticateOperator(req('GET')))).toBe('forbidden');
    expect(await code(auth(admin, false, 'other-tenant').authenticateOperator(req('GET')))).toBe('forbidden');
    expect(await code(auth(viewer, false, 'operators').authenticateOperator(req('GET')))).toBe('forbidden');
    expect(await code(auth(admin, false, 'operators').authenticateOperator(req('POST', { origin: ORIGIN })))).toBe('forbidden');
    await expect(auth(admin, false, 'operators').authenticateOperator({ method: 'GET', headers: {} })).resolves.toBeNull();
  });
});
