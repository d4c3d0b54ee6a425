import { startStack, Stack } from '@sesame/testing';
import { APP_ORIGIN, CALLBACK_URL, createTenant, expectStatus, Tenant } from './support/fixtures';
import { mailFor, patchPolicy, requestLink, requestStatus } from './support/sign-in';

jest.setTimeout(120_000);

/** The public request endpoint: CORS, the 6-digit code, the 5th wrong code, and the limits. */
describe('public sign-in endpoint', () => {
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    stack = await startStack({ label: 'public-sign-in', env: { TRUST_PROXY: 'loopback' } });
    tenant = await createTenant(stack, `Public ${Date.now()}`);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 202 {request_id, match_code} and emails a link with a 6-digit code that signs in', async () => {
    const res = expectStatus(await requestLink(stack, tenant.slug, { email: 'Pat@Example.com', redirect_url: CALLBACK_URL }, '198.51.100.10'), 202, 'request');
    expect(Object.keys(res.body).sort()).toEqual(['match_code', 'request_id']);
    expect(res.body.match_code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const mail = await mailFor(stack, 'pat@example.com');
    expect(mail.token).toHaveLength(43);
    expect(mail.code).toMatch(/^[0-9]{6}$/);
    expect(mail.html).toContain(mail.code);

    const status = expectStatus(await requestStatus(stack, tenant.slug, res.body.request_id), 200, 'status').body;
    expect(status).toEqual(expect.objectContaining({ request_id: res.body.request_id, status: 'pending', match_code: res.body.match_code }));

    const coded = expectStatus(await stack.api(`/v1/public/${tenant.slug}/magic-links/${res.body.request_id}/code`, {
      body: { code: mail.code }, headers: { 'x-forwarded-for': '198.51.100.10' },
    }), 200, 'code');
    expect(coded.body.redirect_to).toBe(`${CALLBACK_URL}?code=${coded.body.code}`);
    const user = expectStatus(await stack.api('/v1/magic-links/exchange', { key: tenant.api_key, body: { code: coded.body.code } }), 200, 'exchange').body;
    expect(user.user.email).toBe('pat@example.com');
    expect(expectStatus(await requestStatus(stack, tenant.slug, res.body.request_id), 200, 'status').body.status).toBe('completed');
    // The link was used by the code.
    expect((await stack.api(`/l/${mail.token}`)).status).toBe(410);
  });

  it('kills the request at the 5th wrong code: even the right code fails afterwards', async () => {
    const res = expectStatus(await requestLink(stack, tenant.slug, { email: 'quinn@example.com' }, '198.51.100.11'), 202, 'request');
    const { code, token } = await mailFor(stack, 'quinn@example.com');
    await requestStatus(stack, tenant.slug, res.body.request_id);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const send = (c: string) => stack.api(`/v1/public/${tenant.slug}/magic-links/${res.body.request_id}/code`, {
      body: { code: c }, headers: { 'x-forwarded-for': '198.51.100.11' },
    });
    const left: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await send(wrong);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('invalid_code');
      left.push(r.body.error.details.attempts_left);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const late = await send(code);
    expect(late.status).toBe(401);
    expect((await requestStatus(stack, tenant.slug, res.body.request_id)).body.status).toBe('failed');
    expect((await stack.api(`/l/${token}`)).status).toBe(410); // the link was revoked with it
  });

  it('gives the limit-plus-one request 429 with Retry-After, the same for a known and an unknown address', async () => {
    // A known address: the first request above created pat. 1 per minute per address by default.
    const known = await requestLink(stack, tenant.slug, { email: 'pat@example.com' }, '198.51.100.12');
    const unknownFirst = await requestLink(stack, tenant.slug, { email: 'nobody-here@example.com' }, '198.51.100.12');
    expect(unknownFirst.status).toBe(202);
    const unknown = await requestLink(stack, tenant.slug, { email: 'nobody-here@example.com' }, '198.51.100.12');
    for (const r of [known, unknown]) {
      expect(r.status).toBe(429);
      expect(r.body.error.code).toBe('rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    }
    expect(known.body.error.message.replace(/\d+/g, 'N')).toBe(unknown.body.error.message.replace(/\d+/g, 'N'));

    // Per IP on public endpoints: 30 per 5 minutes by default; the 31st gets 429.
    const ip = '198.51.100.13';
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await requestLink(stack, tenant.slug, { email: `ip-${i}@example.com` }, ip)).status);
    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true);
    expect(statuses[30]).toBe(429);

    const counters = expectStatus(await stack.api(`/v1/rate-limits?ip=${ip}&email=pat@example.com`, { key: tenant.api_key }), 200, 'rate-limits').body;
    expect(counters.counters).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'ip_public', count: 30, limit: 30, limited: true }),
      expect.objectContaining({ rule: 'email_per_minute', count: 1, limit: 1, limited: true }),
    ]));
  });

  it('allows only the tenant\'s origins (CORS) and refuses bad input with a clear 400', async () => {
    const pre = await stack.api(`/v1/public/${tenant.slug}/magic-links`, {
      method: 'OPTIONS', headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const other = await stack.api(`/v1/public/${tenant.slug}/magic-links`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await requestLink(stack, tenant.slug, { email: 'x@example.com' }, '198.51.100.14', { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    const ok = await requestLink(stack, tenant.slug, { email: 'cors@example.com' }, '198.51.100.14', { origin: APP_ORIGIN });
    expect(ok.status).toBe(202);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);

    const bad = await requestLink(stack, tenant.slug, { email: 'y@example.com', code_challenge: 'short', code_challenge_method: 'plain' }, '198.51.100.14');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const redirect = await requestLink(stack, tenant.slug, { email: 'y@example.com', redirect_url: 'https://evil.example/cb' }, '198.51.100.14');
    expect(redirect.status).toBe(400);
    expect(redirect.body.error.code).toBe('redirect_not_allowed');
    expect((await requestLink(stack, 'no-such-tenant', { email: 'y@example.com' })).status).toBe(404);
  });

  it('takes limits from the policy', async () => {
    await patchPolicy(stack, tenant, { rate_limits: { email_per_minute: { points: 2 } } });
    const a = await requestLink(stack, tenant.slug, { email: 'twice@example.com' }, '198.51.100.15');
    const b = await requestLink(stack, tenant.slug, { email: 'twice@example.com' }, '198.51.100.15');
    const c = await requestLink(stack, tenant.slug, { email: 'twice@example.com' }, '198.51.100.15');
    expect([a.status, b.status, c.status]).toEqual([202, 202, 429]);
  });
});
