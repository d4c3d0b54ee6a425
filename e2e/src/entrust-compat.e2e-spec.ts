import { randomUUID } from 'node:crypto';
import { startStack, Stack } from '@sesame/testing';
import {
  CALLBACK_URL, createApiKey, createTenant, expectStatus, linkTokens, mailOf, mailPart, Tenant, tokenOfUrl,
} from './support/fixtures';

jest.setTimeout(120_000);

const UA = 'entrust-provisioning-script/2.1';
/** Entrust's redirect base URLs carry no custom port (CALLBACK_URL, on localhost:4000, does). */
const ENTRUST_CALLBACK = 'https://app.example.com/auth/callback';

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
    const list = await stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: { redirect: { allowed_urls: [CALLBACK_URL, ENTRUST_CALLBACK] } } });
    expectStatus(list, 200, 'PATCH policy');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('PUT creates a link for the user and, without autoSend, returns it once with its expiry', async () => {
    const res = await as(addRemoveKey, 'PUT', { type: 'PASSWORD_RESET', redirectUrl: `${ENTRUST_CALLBACK}?step=reset` });
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
      redirectUrl: `${ENTRUST_CALLBACK}?step=reset`,
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
    const disabled = await as(addRemoveKey, 'PUT', { redirectUrl: ENTRUST_CALLBACK });
    expect([disabled.status, disabled.body.errorCode]).toEqual([400, 'redirect_not_allowed']);
    const on = await stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: { redirect: { enabled: true } } });
    expectStatus(on, 200, 'PATCH policy');

    const badType = await as(addRemoveKey, 'PUT', { type: 'MAGIC' });
    expect(badType.status).toBe(400);
    expect(badType.body).toEqual({ errorCode: 'unknown_type', errorMessage: expect.any(String), parameters: [expect.any(Object)] });
  });

  // Seed: "Wildcards, custom paths, and custom ports are not permitted in the base URL."
  it('refuses a redirect with a custom port on the Entrust routes by default, while /v1 keeps it; policy redirect.custom_ports decides', async () => {
    const ported = await as(addRemoveKey, 'PUT', { redirectUrl: `${CALLBACK_URL}?step=1` });
    expect([ported.status, ported.body.errorCode, ported.body.errorMessage]).toEqual([400, 'redirect_not_allowed', expect.stringContaining('custom port')]);
    // Another user: this user's audit trail stays the provisioning script's alone (last test).
    const native = await stack.api('/v1/magic-links', { key: tenant.api_key, body: { email: 'native.app@example.com', redirect_url: `${CALLBACK_URL}?step=1` } });
    expectStatus(native, 201, 'native create with a port');

    const patch = (redirect: Record<string, unknown>) => stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: { redirect } });
    expect(expectStatus(await patch({ custom_ports: 'allow' }), 200, 'PATCH allow').body.redirect.custom_ports).toBe('allow');
    expectStatus(await as(addRemoveKey, 'PUT', { redirectUrl: `${CALLBACK_URL}?step=1` }), 200, 'Entrust PUT with ports allowed');

    const refuse = await patch({ custom_ports: 'refuse' });
    expect([refuse.status, refuse.body.error.code, refuse.body.error.details.issues]).toEqual(
      [400, 'validation_failed', [{ path: 'redirect.allowed_urls.0', message: expect.stringContaining('custom port') }]],
    );
    const bogus = await patch({ custom_ports: 'sometimes' });
    expect([bogus.status, bogus.body.error.details.issues[0].path]).toEqual([400, 'redirect.custom_ports']);
    expect(expectStatus(await patch({ custom_ports: null }), 200, 'PATCH reset').body.redirect.custom_ports).toBe('refuse_on_entrust');
  });

  // Seed: "IDaaS supports three distinct Magic Link types" — Registration, Password reset, Authentication.
  it.each([['authentication', 'AUTHENTICATION'], ['Password_Reset', 'PASSWORD_RESET'], ['Registration', 'REGISTRATION']])(
    'PUT takes the type %p in any case and GET names it %p',
    async (given, shown) => {
      expectStatus(await as(addRemoveKey, 'PUT', { type: given }), 200, `PUT type ${given}`);
      expect(expectStatus(await as(viewKey, 'GET'), 200, 'GET').body).toMatchObject({ type: shown, status: 'ACTIVE' });
    },
  );

  // Seed: "Delete the Magic Link for a user | DELETE /api/web/v1/users/{userid}/magiclink | MAGICLINKS:REMOVE"
  it('DELETE revokes the user\'s links: 204 when it revoked, 404 ErrorInfo when there was nothing to revoke; GET shows REVOKED', async () => {
    const res = await as(addRemoveKey, 'DELETE');
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    const current = expectStatus(await as(viewKey, 'GET'), 200, 'GET after DELETE').body;
    expect(current.status).toBe('REVOKED');
    const auth = await stack.api('/v1/magic-links/authenticate', { key: tenant.api_key, body: { token: tokenOfUrl(firstUrl, stack.baseUrl) } });
    expect([auth.status, auth.body.error?.code]).toEqual([401, 'revoked']);
    const again = await as(addRemoveKey, 'DELETE');
    expect([again.status, again.body]).toEqual([404, { errorCode: 'not_found', errorMessage: expect.stringContaining('no live magic link'), parameters: [{ revoked: 0 }] }]);
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
