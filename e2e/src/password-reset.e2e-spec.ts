import { chromium, Browser } from 'playwright-core';
import { eventProblems, startStack, Stack } from '@sesame/testing';
import { CALLBACK_URL, createLink, createTenant, expectStatus, Link, Tenant, tokenOfUrl } from './support/fixtures';

jest.setTimeout(120_000);

const OLD = 'the old password 2019';
const NEW = 'a brand new passphrase';

/**
 * Entrust password reset Magic Link: the hosted "choose a new password" page in a real browser
 * (no JavaScript needed), and the reset grant for integrators who keep passwords themselves.
 */
describe('password reset', () => {
  let stack: Stack;
  let tenant: Tenant;
  let browser: Browser;
  let user: { id: string; email: string };

  beforeAll(async () => {
    stack = await startStack({ label: 'password-reset' });
    tenant = await createTenant(stack, 'Reset Co');
    user = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'rae@example.com' } }), 201, 'POST /v1/users').body;
    expectStatus(await stack.api(`/v1/users/${user.id}/password`, { method: 'PUT', key: tenant.api_key, body: { password: OLD } }), 200, 'PUT password');
    expectStatus(await stack.api('/v1/applications', { key: tenant.api_key, body: { name: 'Portal', auth_flow: 'password_then_magic_link' } }), 201, 'POST app');
    const hook = await stack.api('/v1/webhook-endpoints', { key: tenant.api_key, body: { url: stack.receiver.url, events: ['user.password_reset', 'magiclink.revoked'] } });
    expectStatus(hook, 201, 'POST /v1/webhook-endpoints');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const signIn = (password: string) => stack.api('/v1/auth-flows', { key: tenant.api_key, body: { application: 'Portal', email: user.email, password } });
  const resetLink = (): Promise<Link> => createLink(stack, tenant.api_key, { user_id: user.id, type: 'password_reset', send: false, redirect_url: CALLBACK_URL });
  const status = async (id: string) => expectStatus(await stack.api(`/v1/magic-links/${id}`, { key: tenant.api_key }), 200, 'GET link').body.status;
  const form = (token: string, body: Record<string, string>) =>
    fetch(`${stack.baseUrl}/l/${token}/password`, { method: 'POST', body: new URLSearchParams(body), redirect: 'manual' });

  it('hosted page: a new password of 12+ characters replaces the old one; the link is dead after use, the other reset links revoked', async () => {
    const link = await resetLink();
    const other = await resetLink();
    const token = tokenOfUrl(link.url, stack.baseUrl);

    const short = await form(token, { password: 'too short', password_confirm: 'too short' });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('at least 12 characters');
    const mismatch = await form(token, { password: NEW, password_confirm: `${NEW}!` });
    expect([mismatch.status, (await mismatch.text()).includes('not the same')]).toEqual([400, true]);
    expect(await status(link.id)).toBe('active');

    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${stack.baseUrl}/l/${token}`);
    expect(page.url()).toBe(`${stack.baseUrl}/l/${token}/password`);
    expect(await page.textContent('h1')).toBe('Choose a new password for Reset Co');
    expect(await status(link.id)).toBe('active'); // opening the page consumed nothing
    await page.fill('#password', NEW);
    await page.fill('#password_confirm', NEW);
    await page.click('button[type=submit]');
    expect(await page.textContent('h1')).toBe('Your password was changed');
    expect(await page.getAttribute('a', 'href')).toBe(CALLBACK_URL);

    await page.goto(`${stack.baseUrl}/l/${token}`);
    expect(await page.textContent('h1')).toBe('This link was already used');
    await page.close();
    expect(await status(link.id)).toBe('consumed');
    expect(await status(other.id)).toBe('revoked');
    expect((await form(token, { password: NEW, password_confirm: NEW })).status).toBe(410);

    expect([(await signIn(OLD)).status, (await signIn(NEW)).status]).toEqual([401, 201]);

    const received = await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('user.password_reset')), 15_000);
    const body = received.find((w) => w.body.includes('user.password_reset'))!.body;
    expect(eventProblems(body)).toEqual([]);
    expect(JSON.parse(body).data).toEqual({ user_id: user.id, email: user.email, method: 'hosted_page', password_stored: true });
    const revoked = received.find((w) => w.body.includes('magiclink.revoked'))!.body;
    expect(eventProblems(revoked)).toEqual([]);
    expect(JSON.parse(revoked).data).toEqual({ link_id: other.id, type: 'password_reset', user_id: user.id });
  });

  it('reset grant: the link\'s token becomes a grant, completed once; the link is dead after use', async () => {
    const link = await resetLink();
    const token = tokenOfUrl(link.url, stack.baseUrl);
    const exchanged = expectStatus(await stack.api('/v1/password-resets/exchange', { key: tenant.api_key, body: { token } }), 200, 'exchange').body;
    expect(exchanged).toEqual({ reset_grant: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expires_at: expect.any(String), user: { id: user.id, email: user.email } });
    const again = await stack.api('/v1/password-resets/exchange', { key: tenant.api_key, body: { token } });
    expect([again.status, again.body.error.code]).toEqual([401, 'used']);

    const third = 'third password of the day';
    const short = await stack.api('/v1/password-resets/complete', { key: tenant.api_key, body: { reset_grant: exchanged.reset_grant, password: 'short' } });
    expect(short.status).toBe(400);
    const done = await stack.api('/v1/password-resets/complete', { key: tenant.api_key, body: { reset_grant: exchanged.reset_grant, password: third } });
    expect(expectStatus(done, 200, 'complete').body).toEqual({ user: { id: user.id, email: user.email }, password_stored: true });
    const twice = await stack.api('/v1/password-resets/complete', { key: tenant.api_key, body: { reset_grant: exchanged.reset_grant } });
    expect([twice.status, twice.body.error.code]).toEqual([401, 'invalid_token']);
    expect([(await signIn(NEW)).status, (await signIn(third)).status]).toEqual([401, 201]);
  });

  it('reset_grant mode: the link opens the ordinary confirm page; its code becomes a grant for an integrator who keeps passwords', async () => {
    const patch = await stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: { passwords: { reset_mode: 'reset_grant' } } });
    expect(expectStatus(patch, 200, 'PATCH policy').body.passwords).toEqual({ reset_mode: 'reset_grant', self_service_reset: true });
    const link = await resetLink();
    const token = tokenOfUrl(link.url, stack.baseUrl);
    const shown = await fetch(`${stack.baseUrl}/l/${token}/password`);
    const html = await shown.text();
    expect(html).toContain(`<form method="post" action="/l/${token}">`);
    expect(html).not.toContain('name="password"');
    const post = await fetch(`${stack.baseUrl}/l/${token}`, { method: 'POST', redirect: 'manual' });
    const code = new URL(post.headers.get('location')!).searchParams.get('code')!;
    const refused = await form(token, { password: NEW, password_confirm: NEW });
    expect(refused.status).toBe(404);

    const exchanged = expectStatus(await stack.api('/v1/password-resets/exchange', { key: tenant.api_key, body: { code } }), 200, 'exchange code').body;
    const done = await stack.api('/v1/password-resets/complete', { key: tenant.api_key, body: { reset_grant: exchanged.reset_grant } });
    expect(expectStatus(done, 200, 'complete').body).toEqual({ user: { id: user.id, email: user.email }, password_stored: false });
    const events = await stack.receiver.waitFor((r) => r.filter((w) => w.body.includes('"reset_grant"')).length >= 2, 15_000);
    const last = JSON.parse(events.filter((w) => w.body.includes('"reset_grant"')).at(-1)!.body);
    expect(last.data).toMatchObject({ method: 'reset_grant', password_stored: false });
  });

  it('never consumes a link of another type', async () => {
    const login = await createLink(stack, tenant.api_key, { user_id: user.id, send: false });
    const res = await stack.api('/v1/password-resets/exchange', { key: tenant.api_key, body: { token: tokenOfUrl(login.url, stack.baseUrl) } });
    expect([res.status, res.body.error.code]).toEqual([401, 'invalid_token']);
    expect(await status(login.id)).toBe('active');
    const neither = await stack.api('/v1/password-resets/exchange', { key: tenant.api_key, body: {} });
    expect(neither.status).toBe(400);
  });
});
