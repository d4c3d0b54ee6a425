import { createHash, randomBytes } from 'node:crypto';
import { startStack, Stack } from '@sesame/testing';
import { APP_ORIGIN, CALLBACK_URL, createTenant, expectStatus, Tenant } from './support/fixtures';
import { mailFor, patchPolicy, requestLink, requestStatus } from './support/sign-in';

jest.setTimeout(180_000);

const SCANNER_UA = 'Mozilla/5.0 (compatible; Microsoft Office Protocol Discovery; SafeLinks scanner)';
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const verifier = () => randomBytes(32).toString('base64url');
const challengeOf = (v: string) => createHash('sha256').update(v).digest('base64url');

/** Links asked for through the public endpoint, opened by scanners, other devices and the asking browser. */
describe('sign-in links', () => {
  let stack: Stack;
  let tenant: Tenant;
  let n = 0;
  /** A fresh address and client IP per case, so the default limits never interfere. */
  const fresh = () => ({ email: `person-${++n}@example.com`, ip: `203.0.113.${n}` });

  async function ask(body: Record<string, unknown> = {}) {
    const who = fresh();
    const res = expectStatus(await requestLink(stack, tenant.slug, { email: who.email, redirect_url: CALLBACK_URL, ...body }, who.ip), 202, 'request');
    const mail = await mailFor(stack, who.email);
    await requestStatus(stack, tenant.slug, res.body.request_id);
    return { ...who, requestId: res.body.request_id as string, matchCode: res.body.match_code as string, ...mail };
  }
  const linkStatus = async (requestId: string) => (await requestStatus(stack, tenant.slug, requestId)).body.status;

  beforeAll(async () => {
    stack = await startStack({ label: 'sign-in-links', env: { TRUST_PROXY: 'loopback' } });
    tenant = await createTenant(stack, `Links ${Date.now()}`);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('a simulated scanner (HEAD, GET, scanner UA, every resource of the page) never consumes; the person\'s POST then works', async () => {
    const l = await ask();
    const url = `/l/${l.token}`;
    const head = await fetch(stack.baseUrl + url, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(200);
    const page = await stack.api(url, { headers: { 'user-agent': SCANNER_UA } });
    expect(page.status).toBe(200);
    expect(page.body).toContain(l.matchCode);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const resources = [...String(page.body).matchAll(/(?:href|src|action)="([^"]+)"/g)].map((m) => m[1]);
    expect(resources).toContain(url);
    for (const r of resources) {
      expect((await stack.api(r, { headers: { 'user-agent': SCANNER_UA } })).status).toBeLessThan(500);
      expect((await fetch(stack.baseUrl + r, { method: 'HEAD', redirect: 'manual' })).status).toBeLessThan(500);
    }
    expect(await linkStatus(l.requestId)).toBe('pending');

    // The person confirms on this (other) device: the asking screen's poll then completes.
    const confirmed = await stack.api(url, { method: 'POST', headers: { ...form, 'x-forwarded-for': l.ip }, body: '' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toContain(l.matchCode);
    const poll = expectStatus(await requestStatus(stack, tenant.slug, l.requestId), 200, 'poll').body;
    expect(poll).toEqual(expect.objectContaining({ status: 'completed', match_code: l.matchCode, code: expect.any(String) }));
    expect(poll.redirect_to).toBe(`${CALLBACK_URL}?code=${poll.code}`);
    const user = expectStatus(await stack.api('/v1/magic-links/exchange', { key: tenant.api_key, body: { code: poll.code } }), 200, 'exchange').body;
    expect(user.user.email).toBe(l.email);
    // The code is handed out once.
    expect((await requestStatus(stack, tenant.slug, l.requestId)).body.code).toBeUndefined();
  });

  it('server-sent events: the asking page listens and gets the code when the link is confirmed elsewhere', async () => {
    const l = await ask();
    const res = await fetch(`${stack.baseUrl}/v1/public/${tenant.slug}/magic-links/${l.requestId}/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const events: Array<Record<string, string>> = [];
    let buffer = '';
    const next = async () => {
      while (!buffer.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += Buffer.from(value).toString('utf8');
      }
      const [chunk, ...rest] = buffer.split('\n\n');
      buffer = rest.join('\n\n');
      const data = /^data: (.*)$/m.exec(chunk)?.[1] ?? '{}';
      events.push(JSON.parse(data));
      return events[events.length - 1];
    };
    expect(await next()).toEqual(expect.objectContaining({ status: 'pending', match_code: l.matchCode }));
    expectStatus(await stack.api(`/l/${l.token}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': l.ip }, body: '' }), 200, 'confirm');
    const done = await next();
    expect(done).toEqual(expect.objectContaining({ status: 'completed', code: expect.any(String) }));
    await reader.cancel();
    const user = expectStatus(await stack.api('/v1/magic-links/exchange', { key: tenant.api_key, body: { code: done.code } }), 200, 'exchange').body;
    expect(user.user.email).toBe(l.email);
  });

  it('PKCE: the asking browser is redirected with a code that works only with the right verifier', async () => {
    const v = verifier();
    const l = await ask({ code_challenge: challengeOf(v), code_challenge_method: 'S256' });
    const arrive = await stack.api(`/l/${l.token}`, { headers: { 'x-forwarded-for': l.ip } });
    expect(arrive.status).toBe(303);
    const location = new URL(arrive.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK_URL);
    const code = location.searchParams.get('code') ?? '';
    expect(code).toMatch(/^rc_/);

    const exchange = (body: Record<string, unknown>) => stack.api('/v1/magic-links/exchange', { key: tenant.api_key, body });
    const missing = await exchange({ code });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('invalid_code');
    expect((await exchange({ code, code_verifier: verifier() })).status).toBe(401);
    expect(await linkStatus(l.requestId)).toBe('pending'); // refused verifiers used nothing up
    const ok = expectStatus(await exchange({ code, code_verifier: v }), 200, 'exchange with verifier').body;
    expect(ok.user.email).toBe(l.email);
    expect((await exchange({ code, code_verifier: v })).status).toBe(401); // once
  });

  it('PKCE across devices: the confirm elsewhere completes the waiting request; its code needs the verifier; match codes agree', async () => {
    const v = verifier();
    const l = await ask({ code_challenge: challengeOf(v), code_challenge_method: 'S256' });
    await patchPolicy(stack, tenant, { sign_in: { confirm: 'always' } });
    try {
      const page = await stack.api(`/l/${l.token}`);
      expect(page.status).toBe(200);
      const shown = /aria-label="Match code">([^<]+)</.exec(String(page.body))?.[1];
      expect(shown).toBe(l.matchCode);
      expectStatus(await stack.api(`/l/${l.token}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': l.ip }, body: '' }), 200, 'confirm');
      const poll = (await requestStatus(stack, tenant.slug, l.requestId)).body;
      expect(poll.match_code).toBe(shown);
      expect((await stack.api('/v1/magic-links/exchange', { key: tenant.api_key, body: { code: poll.code } })).status).toBe(401);
      const ok = expectStatus(await stack.api('/v1/magic-links/exchange', { key: tenant.api_key, body: { code: poll.code, code_verifier: v } }), 200, 'exchange');
      expect(ok.body.user.email).toBe(l.email);
    } finally {
      await patchPolicy(stack, tenant, { sign_in: { confirm: null } });
    }
  });

  it('the JSON code endpoint checks the PKCE verifier as the exchange does: another browser cannot complete the request', async () => {
    const v = verifier();
    const l = await ask({ code_challenge: challengeOf(v), code_challenge_method: 'S256' });
    const code = (body: Record<string, unknown>) =>
      stack.api(`/v1/public/${tenant.slug}/magic-links/${l.requestId}/code`, { body: { code: l.code, ...body }, headers: { 'x-forwarded-for': l.ip } });
    const missing = await code({});
    expect([missing.status, missing.body.error.code]).toEqual([401, 'invalid_code']);
    expect((await code({ code_verifier: verifier() })).status).toBe(401);
    expect(await linkStatus(l.requestId)).toBe('pending'); // not completed, and no code attempt used up
    const ok = expectStatus(await code({ code_verifier: v }), 200, 'code with the verifier').body;
    const user = expectStatus(await stack.api('/v1/magic-links/exchange', { key: tenant.api_key, body: { code: ok.code, code_verifier: v } }), 200, 'exchange');
    expect(user.body.user.email).toBe(l.email);
  });

  it('the JSON code endpoint checks the hosted page\'s browser cookie, like the page\'s own code form', async () => {
    const who = fresh();
    const asked = await stack.api(`/p/${tenant.slug}/sign-in`, { method: 'POST', headers: { ...form, 'x-forwarded-for': who.ip }, body: `email=${encodeURIComponent(who.email)}` });
    expect(asked.status).toBe(303);
    const nonce = /__Host-sesame_signin=([^;]+)/.exec(asked.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const requestId = /\/sign-in\/([0-9a-f-]{36})/.exec(asked.headers.get('location') ?? '')?.[1] ?? '';
    const mail = await mailFor(stack, who.email);
    const code = (headers: Record<string, string>) =>
      stack.api(`/v1/public/${tenant.slug}/magic-links/${requestId}/code`, { body: { code: mail.code }, headers: { 'x-forwarded-for': who.ip, ...headers } });
    const browser = (value: string) => ({ cookie: `__Host-sesame_signin=${value}` });

    const noCookie = await code({});
    expect([noCookie.status, noCookie.body.error.code]).toEqual([404, 'not_found']);
    expect((await code(browser(randomBytes(32).toString('base64url')))).status).toBe(404);
    const waiting = await stack.api(`/p/${tenant.slug}/sign-in/${requestId}`, { headers: browser(nonce) });
    const match = new URL(asked.headers.get('location') ?? '', stack.baseUrl).searchParams.get('m') ?? '';
    expect([waiting.status, String(waiting.body)]).toEqual([200, expect.stringContaining(match)]); // still pending
    const ok = expectStatus(await code(browser(nonce)), 200, 'code from the asking browser').body;
    expect(ok.redirect_to).toBe(`${APP_ORIGIN}/?code=${ok.code}`);
  });

  it('a cross-site POST of /l/{token} gets the 403 page and leaves the link usable; a same-origin POST consumes it', async () => {
    const l = await ask();
    const post = (headers: Record<string, string>) => stack.api(`/l/${l.token}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': l.ip, ...headers }, body: '' });
    const crossSite: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, { origin: 'https://evil.example' }, { origin: 'null' }];
    for (const headers of crossSite) {
      const refused = await post(headers);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('text/html');
      expect(String(refused.body)).toContain('must be submitted from the page it is on');
    }
    expect(await linkStatus(l.requestId)).toBe('pending');
    const same = await post({ 'sec-fetch-site': 'same-origin', origin: new URL(stack.baseUrl).origin });
    expect(same.status).toBe(200);
    expect(String(same.body)).toContain(l.matchCode);
    expect((await requestStatus(stack, tenant.slug, l.requestId)).body.status).toBe('completed');
  });

  it('IP binding from the policy: another IP gets 401 binding_mismatch and an audit event', async () => {
    await patchPolicy(stack, tenant, { sign_in: { bind_ip: true } });
    try {
      const l = await ask();
      const other = await stack.api(`/l/${l.token}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': '192.0.2.77' }, body: '' });
      expect(other.status).toBeGreaterThanOrEqual(400);
      const api = await stack.api(`/v1/public/${tenant.slug}/magic-links/${l.requestId}/code`, { body: { code: l.code }, headers: { 'x-forwarded-for': '192.0.2.77' } });
      expect(api.status).toBe(401);
      expect(api.body.error.code).toBe('binding_mismatch');
      const audit = expectStatus(await stack.api(`/v1/audit-events?type=magiclink.verification_failed&link_id=${l.requestId}`, { key: tenant.api_key }), 200, 'audit').body;
      expect(audit.data.map((e: { data: { reason: string } }) => e.data.reason)).toContain('binding_mismatch');
      const same = await stack.api(`/l/${l.token}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': l.ip }, body: '' });
      expect(same.status).toBe(200);
    } finally {
      await patchPolicy(stack, tenant, { sign_in: { bind_ip: null } });
    }
  });

  it('after 100 failed verifications an IP is refused, even with a fresh valid link; other IPs are not', async () => {
    const attacker = '198.18.0.66';
    for (let i = 0; i < 100; i++) {
      const r = await stack.api(`/l/${randomBytes(32).toString('base64url')}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': attacker }, body: '' });
      expect(r.status).toBe(404);
    }
    const l = await ask();
    const refused = await stack.api(`/l/${l.token}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': attacker }, body: '' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const code = await stack.api(`/v1/public/${tenant.slug}/magic-links/${l.requestId}/code`, { body: { code: l.code }, headers: { 'x-forwarded-for': attacker } });
    expect(code.status).toBe(429);
    expect(await linkStatus(l.requestId)).toBe('pending');
    const counters = expectStatus(await stack.api(`/v1/rate-limits?ip=${attacker}`, { key: tenant.api_key }), 200, 'rate-limits').body;
    expect(counters.counters).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'failed_per_ip', count: 100, limited: true })]));
    expect((await stack.api(`/l/${l.token}`, { method: 'POST', headers: { ...form, 'x-forwarded-for': l.ip }, body: '' })).status).toBe(200);
  });
});
