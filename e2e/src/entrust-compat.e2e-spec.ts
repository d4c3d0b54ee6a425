import { randomUUID } from 'node:crypto';
import { startStack, Stack } from '@sesame/testing';
import {
  CALLBACK_URL, createApiKey, createTenant, expectStatus, linkTokens, mailOf, mailPart, Tenant, tokenOfUrl,
} from './support/fixtures';

jest.setTimeout(120_000);

const UA = 'entrust-provisioning-script/2.1';

/**
 * An Entrust IDaaS provisioning script pointed at Sesame: the Administration API's Magic Link
 * operations, with Entrust's permission names as scopes, request and response shapes.
 */
describe('Entrust IDaaS compatible magic link API', () => {
  let stack: Stack;
  let tenant: Tenant;
  let addRemoveKey: string;
  let viewKey: string;
  let user: { id: string; email: string };
  let firstUrl: string;
  const path = () => `/api/web/v1/users/${user.id}/magiclink`;
  const as = (key: string, method: string, body?: unknown) => stack.api(path(), { method, key, body, headers: { 'user-agent': UA } });

  beforeAll(async () => {
    stack = await startStack({ label: 'entrust' });
    tenant = await createTenant(stack, 'Entrust Customer');
    addRemoveKey = await createApiKey(stack, tenant.api_key, ['MAGICLINKS:ADD', 'MAGICLINKS:REMOVE'], 'provisioning');
    viewKey = await createApiKey(stack, tenant.api_key, ['MAGICLINKS:VIEW'], 'reporting');
    const created = await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'grace@example.com' } });
    user = expectStatus(created, 201, 'POST /v1/users').body;
    const hook = await stack.api('/v1/webhook-endpoints', { key: tenant.api_key, body: { url: stack.receiver.url, events: ['magiclink.email.sent'] } });
    expectStatus(hook, 201, 'POST /v1/webhook-endpoints');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('PUT creates a link for the user and, without autoSend, returns it once with its expiry', async () => {
    const res = await as(addRemoveKey, 'PUT', { type: 'PASSWORD_RESET', redirectUrl: `${CALLBACK_URL}?step=reset` });
    const body = expectStatus(res, 200, 'PUT magiclink').body;
    expect(Object.keys(body).sort()).toEqual(['expiryDate', 'url']);
    const lifetime = (Date.parse(body.expiryDate) - Date.now()) / 1000;
    expect(lifetime).toBeGreaterThan(800); // password_reset: 15 min by default
    expect(lifetime).toBeLessThanOrEqual(900);
    tokenOfUrl(body.url, stack.baseUrl);
    firstUrl = body.url;
    expect(stack.sendgrid.requests).toHaveLength(0);
  });

  it('GET shows type, status, expiry and redirect, never the secret; a key without MAGICLINKS:VIEW gets 403', async () => {
    const res = await as(viewKey, 'GET');
    const body = expectStatus(res, 200, 'GET magiclink').body;
    expect(body).toEqual({
      created: expect.any(String), expiry: expect.any(String), type: 'PASSWORD_RESET', status: 'ACTIVE',
      redirectUrl: `${CALLBACK_URL}?step=reset`,
    });
    expect(JSON.stringify(body)).not.toContain(tokenOfUrl(firstUrl, stack.baseUrl));

    const refused = await as(addRemoveKey, 'GET');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      errorCode: 'insufficient_scope', errorMessage: expect.stringContaining('MAGICLINKS:VIEW'), parameters: [{ required: 'MAGICLINKS:VIEW' }],
    });
    expect((await as(viewKey, 'PUT', {})).status).toBe(403);
    expect((await as(viewKey, 'DELETE')).status).toBe(403);
  });

  it('PUT with autoSend emails the link to the user; magiclink.email.sent carries type, address and user id', async () => {
    const res = await as(addRemoveKey, 'PUT', { autoSend: true, email: 'GRACE@example.com' });
    expect(expectStatus(res, 200, 'PUT autoSend').body).toEqual({ expiryDate: expect.any(String) });
    const [request] = await stack.sendgrid.waitFor(1, 15_000);
    const mail = mailOf(request);
    expect(mail.personalizations[0].to[0].email).toBe('grace@example.com');
    expect(linkTokens(mailPart(mail, 'text/plain'), stack.baseUrl)).toHaveLength(1);

    const received = await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('magiclink.email.sent')), 15_000);
    const event = JSON.parse(received.find((w) => w.body.includes('magiclink.email.sent'))!.body);
    expect(event).toMatchObject({ type: 'magiclink.email.sent', data: { type: 'registration', email: 'grace@example.com', user_id: user.id } });

    const current = expectStatus(await as(viewKey, 'GET'), 200, 'GET after autoSend').body;
    expect(current).toMatchObject({ type: 'REGISTRATION', status: 'ACTIVE', email: 'grace@example.com' });
  });

  it('PUT refuses an address that is not the user\'s, a redirect off the list, and any redirect while redirects are disabled', async () => {
    const stranger = await as(addRemoveKey, 'PUT', { autoSend: true, email: 'mallory@evil.example' });
    expect([stranger.status, stranger.body.errorCode]).toEqual([400, 'validation_failed']);
    const offList = await as(addRemoveKey, 'PUT', { redirectUrl: 'https://evil.example/callback' });
    expect([offList.status, offList.body.errorCode]).toEqual([400, 'redirect_not_allowed']);

    const off = await stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: { redirect: { enabled: false } } });
    expectStatus(off, 200, 'PATCH policy');
    const disabled = await as(addRemoveKey, 'PUT', { redirectUrl: CALLBACK_URL });
    expect([disabled.status, disabled.body.errorCode]).toEqual([400, 'redirect_not_allowed']);
    const on = await stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: { redirect: { enabled: true } } });
    expectStatus(on, 200, 'PATCH policy');

    const badType = await as(addRemoveKey, 'PUT', { type: 'MAGIC' });
    expect(badType.status).toBe(400);
    expect(badType.body).toEqual({ errorCode: 'unknown_type', errorMessage: expect.any(String), parameters: [expect.any(Object)] });
  });

  it('DELETE revokes the user\'s links: 200 with no body, the links no longer work, GET shows REVOKED', async () => {
    const res = await as(addRemoveKey, 'DELETE');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const current = expectStatus(await as(viewKey, 'GET'), 200, 'GET after DELETE').body;
    expect(current.status).toBe('REVOKED');
    const auth = await stack.api('/v1/magic-links/authenticate', { key: tenant.api_key, body: { token: tokenOfUrl(firstUrl, stack.baseUrl) } });
    expect([auth.status, auth.body.error?.code]).toEqual([401, 'revoked']);
    expect((await as(addRemoveKey, 'DELETE')).status).toBe(200);
  });

  it('answers 404 for an unknown user and 400 for a user id that is not a UUID, as ErrorInfo', async () => {
    const unknown = await stack.api(`/api/web/v1/users/${randomUUID()}/magiclink`, { key: viewKey });
    expect([unknown.status, unknown.body.errorCode]).toEqual([404, 'not_found']);
    const bad = await stack.api('/api/web/v1/users/not-a-uuid/magiclink', { key: viewKey });
    expect([bad.status, bad.body.errorCode]).toEqual([400, 'validation_failed']);
    const noKey = await stack.api(`/api/web/v1/users/${user.id}/magiclink`);
    expect([noKey.status, noKey.body.errorCode]).toEqual([401, 'unauthorized']);
  });

  it('audits each Entrust call with the calling key, IP and user agent', async () => {
    const res = await stack.api(`/v1/audit-events?user_id=${user.id}&limit=100`, { key: tenant.api_key });
    const events: Array<{ type: string; actor: { api_key_id: string | null; ip: string | null; user_agent: string | null } }> =
      expectStatus(res, 200, 'GET audit-events').body.data;
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['user.created', 'magiclink.created', 'magiclink.email.sent', 'magiclink.revoked']));
    const byScript = events.filter((e) => e.type === 'magiclink.created' || e.type === 'magiclink.revoked' || e.type === 'magiclink.email.sent');
    const keyIds = new Set(byScript.map((e) => e.actor.api_key_id));
    expect(keyIds.size).toBe(1);
    expect([...keyIds][0]).toEqual(expect.any(String));
    for (const e of byScript) expect(e.actor).toMatchObject({ ip: '127.0.0.1', user_agent: UA });
  });
});
