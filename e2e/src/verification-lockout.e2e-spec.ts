import { randomBytes } from 'node:crypto';
import { ApiResponse, startStack, Stack } from '@sesame/testing';
import { CALLBACK_URL, createLink, createTenant, expectStatus, Tenant, tokenOfUrl } from './support/fixtures';
import { mailFor, patchPolicy, requestLink } from './support/sign-in';

jest.setTimeout(240_000);

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const bogus = () => randomBytes(32).toString('base64url');
const rule = (points: number) => ({ points, window_seconds: 3600 });

/**
 * The failed-verification lockout on every path that checks a token, code or password, with two
 * tenants whose policies differ: A locks after 3 failures, B after 10.
 */
describe('failed-verification lockout', () => {
  let stack: Stack;
  let a: Tenant;
  let b: Tenant;
  let n = 0;
  const ip = () => `198.51.100.${++n}`;

  beforeAll(async () => {
    stack = await startStack({ label: 'lockout', env: { TRUST_PROXY: 'loopback' } });
    [a, b] = await Promise.all([createTenant(stack, `Strict ${Date.now()}`), createTenant(stack, `Lenient ${Date.now()}`)]);
    for (const t of [a, b]) {
      expectStatus(await stack.api('/v1/applications', { key: t.api_key, body: { name: 'Portal', auth_flow: 'password_then_magic_link' } }), 201, 'POST app');
    }
    await Promise.all([
      patchPolicy(stack, a, { rate_limits: { failed_per_ip: rule(3), failed_per_link: rule(3) } }),
      patchPolicy(stack, b, { rate_limits: { failed_per_ip: rule(10), failed_per_link: rule(10) } }),
    ]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Each API path, failing with the same wrong secret every time (the integrator passes the user's IP where the API takes one). */
  const apiPaths: [string, (t: Tenant, secret: string, userIp: string) => Promise<ApiResponse>][] = [
    ['POST /v1/magic-links/authenticate', (t, s, i) => stack.api('/v1/magic-links/authenticate', { key: t.api_key, body: { token: s, ip_address: i } })],
    ['POST /v1/magic-links/exchange', (t, s) => stack.api('/v1/magic-links/exchange', { key: t.api_key, body: { code: s } })],
    ['POST /v1/password-resets/exchange', (t, s) => stack.api('/v1/password-resets/exchange', { key: t.api_key, body: { token: s } })],
    ['POST /v1/password-resets/complete', (t, s) => stack.api('/v1/password-resets/complete', { key: t.api_key, body: { reset_grant: s, password: 'a long enough passphrase' } })],
    ['POST /v1/registrations/validate', (t, s, i) => stack.api('/v1/registrations/validate', { key: t.api_key, body: { registration_validation_token: s, ip_address: i } })],
    ['POST /compat/autharmor/v3/users/register/magiclink_email/validate', (t, s, i) =>
      stack.api('/compat/autharmor/v3/users/register/magiclink_email/validate', { key: t.api_key, body: { registration_validation_token: s, ip_address: i } })],
    ['POST /v1/auth-flows (password step)', (t, s) =>
      stack.api('/v1/auth-flows', { key: t.api_key, body: { application: 'Portal', email: `${s.slice(0, 12).toLowerCase()}@example.com`, password: 'not the password at all' } })],
  ];

  it.each(apiPaths)('%s counts failures: tenant A locks at its 3rd, tenant B keeps its own count', async (_path, call) => {
    const secret = bogus();
    const userIp = ip();
    for (let i = 0; i < 3; i++) {
      const r = await call(a, secret, userIp);
      expect([r.status, r.body.error?.code]).toEqual([401, expect.stringMatching(/^invalid_(token|code|credentials)$/)]);
    }
    const locked = await call(a, secret, userIp);
    expect([locked.status, locked.body.error.code]).toEqual([429, 'rate_limited']);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) expect((await call(b, secret, userIp)).status).toBe(401);
  });

  it('hosted /l/{token}: failures count in the link\'s tenant; A\'s lock on an IP leaves B\'s links on that IP working', async () => {
    const from = ip();
    for (let i = 0; i < 3; i++) {
      const bound = await createLink(stack, a.api_key, { email: `ann-${i}@example.com`, send: false, redirect_url: CALLBACK_URL, ip_address: '192.0.2.10' });
      const r = await stack.api(`/l/${tokenOfUrl(bound.url, stack.baseUrl)}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': from }, body: '' });
      expect(r.status).toBe(404); // binding_mismatch shows the "invalid link" page
    }
    const fresh = await createLink(stack, a.api_key, { email: 'ann@example.com', send: false, redirect_url: CALLBACK_URL });
    const refused = await stack.api(`/l/${tokenOfUrl(fresh.url, stack.baseUrl)}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': from }, body: '' });
    expect(refused.status).toBe(429);
    expect(String(refused.body)).toContain('Too many');
    const other = await createLink(stack, b.api_key, { email: 'bob@example.com', send: false, redirect_url: CALLBACK_URL });
    const ok = await stack.api(`/l/${tokenOfUrl(other.url, stack.baseUrl)}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': from }, body: '' });
    expect(ok.status).toBe(303);
  });

  it('hosted password page counts failures and locks', async () => {
    const from = ip();
    const post = (token: string) => stack.api(`/l/${token}/password`, {
      method: 'POST', headers: { ...form, 'x-forwarded-for': from }, body: 'password=a+long+enough+passphrase&password_confirm=a+long+enough+passphrase',
    });
    for (let i = 0; i < 3; i++) {
      const bound = await createLink(stack, a.api_key, { email: `pat-${i}@example.com`, type: 'password_reset', send: false, ip_address: '192.0.2.10' });
      expect((await post(tokenOfUrl(bound.url, stack.baseUrl))).status).toBe(404);
    }
    const fresh = await createLink(stack, a.api_key, { email: 'pat@example.com', type: 'password_reset', send: false });
    const refused = await post(tokenOfUrl(fresh.url, stack.baseUrl));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A token that is no link's counts too (unattributed, default limit of 10 per token).
    const nothing = bogus();
    for (let i = 0; i < 10; i++) expect((await post(nothing)).status).toBe(404);
    expect((await post(nothing)).status).toBe(429);
  });

  it('public 6-digit code (JSON and hosted page) counts failures per tenant and IP', async () => {
    const from = ip();
    const ask = async (t: Tenant) => {
      const email = `code-${++n}@example.com`;
      const res = expectStatus(await requestLink(stack, t.slug, { email, redirect_url: CALLBACK_URL }, from), 202, 'request');
      await mailFor(stack, email);
      return res.body.request_id as string;
    };
    const wrong = (t: Tenant, id: string) => stack.api(`/v1/public/${t.slug}/magic-links/${id}/code`, { body: { code: '000000' }, headers: { 'x-forwarded-for': from } });
    const idA = await ask(a);
    for (let i = 0; i < 3; i++) expect((await wrong(a, idA)).status).toBe(401);
    expect((await wrong(a, await ask(a))).status).toBe(429);
    const page = await stack.api(`/p/${a.slug}/sign-in/${idA}/code`, { method: 'POST', headers: { ...form, 'x-forwarded-for': from }, body: 'code=000000' });
    expect(page.status).toBe(429);
    expect((await wrong(b, await ask(b))).status).toBe(401);
  });
});
