import { eventProblems, startStack, Stack } from '@sesame/testing';
import { createLink, createTenant, expectStatus, linkTokens, mailOf, mailPart, Tenant, tokenOfUrl } from './support/fixtures';

jest.setTimeout(120_000);

/**
 * Entrust "authentication flow": applications with magic link alone, or a password first factor
 * followed by a magic-link second factor, driven over HTTP against the five real processes.
 */
describe('applications and auth flows (second factor)', () => {
  let stack: Stack;
  let tenant: Tenant;
  let user: { id: string; email: string };
  let portal: { id: string; name: string };
  const PASSWORD = 'correct horse battery staple';

  beforeAll(async () => {
    stack = await startStack({ label: 'auth-flows' });
    tenant = await createTenant(stack, 'Flow Co');
    user = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'ann@example.com' } }), 201, 'POST /v1/users').body;
    const set = await stack.api(`/v1/users/${user.id}/password`, { method: 'PUT', key: tenant.api_key, body: { password: PASSWORD } });
    expect(expectStatus(set, 200, 'PUT password').body).toMatchObject({ user_id: user.id, has_password: true });
    const hook = await stack.api('/v1/webhook-endpoints', { key: tenant.api_key, body: { url: stack.receiver.url, events: ['auth_flow.completed'] } });
    expectStatus(hook, 201, 'POST /v1/webhook-endpoints');
    const app = await stack.api('/v1/applications', { key: tenant.api_key, body: { name: 'Portal', auth_flow: 'password_then_magic_link' } });
    portal = expectStatus(app, 201, 'POST /v1/applications').body;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const start = (body: Record<string, unknown>) => stack.api('/v1/auth-flows', { key: tenant.api_key, body });
  const linksOfUser = async () => expectStatus(await stack.api(`/v1/magic-links?user_id=${user.id}`, { key: tenant.api_key }), 200, 'GET links').body.data;

  it('refuses a password shorter than 12 characters', async () => {
    const res = await stack.api(`/v1/users/${user.id}/password`, { method: 'PUT', key: tenant.api_key, body: { password: 'short-pass' } });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
  });

  it('a wrong or missing password sends no link', async () => {
    const wrong = await start({ application: portal.name, email: user.email, password: 'not the password at all' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    const missing = await start({ application: portal.id, email: user.email });
    expect([missing.status, missing.body.error.code]).toEqual([401, 'invalid_credentials']);
    const stranger = await start({ application: portal.id, email: 'nobody@example.com', password: PASSWORD });
    expect([stranger.status, stranger.body.error.code]).toEqual([401, 'invalid_credentials']);
    expect(await linksOfUser()).toEqual([]);
    expect(stack.sendgrid.requests).toHaveLength(0);
  });

  it('the right password sends a login link; the flow is pending until the link is used, then complete', async () => {
    const res = await start({ application: portal.name, email: 'ANN@example.com', password: PASSWORD });
    const flow = expectStatus(res, 201, 'POST /v1/auth-flows').body;
    expect(flow).toMatchObject({ application_id: portal.id, auth_flow: 'password_then_magic_link', user_id: user.id, status: 'pending', completed_at: null });

    const [request] = await stack.sendgrid.waitFor(1, 15_000);
    const mail = mailOf(request);
    expect(mail.personalizations[0].to[0].email).toBe('ann@example.com');
    const [token] = linkTokens(mailPart(mail, 'text/plain'), stack.baseUrl);
    expect(expectStatus(await stack.api(`/v1/auth-flows/${flow.id}`, { key: tenant.api_key }), 200, 'GET flow').body.status).toBe('pending');

    const page = await fetch(`${stack.baseUrl}/l/${token}`, { method: 'POST', redirect: 'manual' });
    expect(page.status).toBe(303);
    const done = expectStatus(await stack.api(`/v1/auth-flows/${flow.id}`, { key: tenant.api_key }), 200, 'GET flow').body;
    expect(done).toMatchObject({ status: 'completed', completed_at: expect.any(String) });

    const received = await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('auth_flow.completed')), 15_000);
    const body = received.find((w) => w.body.includes('auth_flow.completed'))!.body;
    expect(eventProblems(body)).toEqual([]);
    const event = JSON.parse(body);
    expect(event).toMatchObject({ type: 'auth_flow.completed', data: { flow_id: flow.id, application_id: portal.id, user_id: user.id } });
  });

  it('a disabled application is refused before any factor is checked', async () => {
    const off = await stack.api(`/v1/applications/${portal.id}`, { method: 'PATCH', key: tenant.api_key, body: { enabled: false } });
    expect(expectStatus(off, 200, 'PATCH application').body.enabled).toBe(false);
    const before = (await linksOfUser()).length;
    for (const password of [PASSWORD, 'not the password at all', undefined]) {
      const res = await start({ application: portal.id, email: user.email, password });
      expect([res.status, res.body.error.code]).toEqual([403, 'application_disabled']);
    }
    expect(await linksOfUser()).toHaveLength(before);
    const audit = await stack.api('/v1/audit-events?type=auth_flow.first_factor_failed', { key: tenant.api_key });
    expect(expectStatus(audit, 200, 'GET audit').body.data).toHaveLength(3); // the three refusals of the first factor above
  });

  it('a magic-link-only application needs no password', async () => {
    const app = expectStatus(await stack.api('/v1/applications', { key: tenant.api_key, body: { name: 'Wiki', auth_flow: 'magic_link' } }), 201, 'POST app').body;
    const flow = expectStatus(await start({ application: 'Wiki', email: user.email }), 201, 'POST /v1/auth-flows').body;
    expect(flow).toMatchObject({ application_id: app.id, auth_flow: 'magic_link', status: 'pending' });
    const list = expectStatus(await stack.api('/v1/applications', { key: tenant.api_key }), 200, 'GET apps').body.data;
    expect(list.map((a: { name: string }) => a.name)).toEqual(['Portal', 'Wiki']);
    expect((await stack.api(`/v1/applications/${app.id}`, { method: 'DELETE', key: tenant.api_key })).status).toBe(204);
    expect((await stack.api(`/v1/applications/${app.id}`, { key: tenant.api_key })).status).toBe(404);
  });

  it('consuming a verify_email link marks the email verified', async () => {
    expect(expectStatus(await stack.api(`/v1/users/${user.id}`, { key: tenant.api_key }), 200, 'GET user').body.email_verified_at).toBeNull();
    const link = await createLink(stack, tenant.api_key, { user_id: user.id, type: 'verify_email', send: false });
    const auth = await stack.api('/v1/magic-links/authenticate', { key: tenant.api_key, body: { token: tokenOfUrl(link.url, stack.baseUrl) } });
    expectStatus(auth, 200, 'authenticate');
    const after = expectStatus(await stack.api(`/v1/users/${user.id}`, { key: tenant.api_key }), 200, 'GET user').body;
    expect(after).toMatchObject({ email_verified_at: expect.any(String), has_password: true });
  });
});
