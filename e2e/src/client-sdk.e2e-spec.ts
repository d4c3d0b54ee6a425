import { spawn, ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Sesame, SesameError, verifyWebhook, WebhookVerificationError } from '@sesame/client';
import { freePort, startStack, Stack } from '@sesame/testing';
import { startLossyProxy } from './support/lossy-proxy';
import { APP_ORIGIN, CALLBACK_URL, sdkFailure, tokenOfUrl } from './support/fixtures';
import { mailFor, requestLink } from './support/sign-in';

jest.setTimeout(180_000);

const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** The @sesame/client SDK against the five real processes, as an integrator's backend uses it. */
describe('@sesame/client against the stack', () => {
  let stack: Stack;
  let sesame: Sesame;
  let tenantId: string;
  let n = 0;
  const email = () => `sdk-${++n}@example.com`;

  beforeAll(async () => {
    stack = await startStack({ label: 'client-sdk', env: { TRUST_PROXY: 'loopback' } });
    const operator = new Sesame({ apiKey: stack.rootKey, baseUrl: stack.baseUrl });
    const tenant = await operator.tenants.create({ name: `SDK ${Date.now()}`, app_origin: APP_ORIGIN, allowed_redirect_urls: [CALLBACK_URL] });
    expect(tenant).toEqual(expect.objectContaining({ id: expect.any(String), slug: expect.any(String), api_key: expect.any(String) }));
    tenantId = tenant.id;
    sesame = new Sesame({ apiKey: tenant.api_key, baseUrl: stack.baseUrl });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('creates a link with send=false, returns its url once, and authenticates its token once', async () => {
    const address = email();
    const link = await sesame.magicLinks.create({ email: address, send: false, context_data: { plan: 'pro' } });
    expect(link).toEqual(expect.objectContaining({ type: 'login', status: 'active', identifier: address, url: expect.any(String) }));
    const token = tokenOfUrl(link.url, stack.baseUrl);

    const verified = await sesame.magicLinks.authenticate({ token });
    expect(verified).toEqual(expect.objectContaining({ type: 'login', link_id: link.id, context_data: { plan: 'pro' }, user: expect.objectContaining({ id: link.user_id, email: address }) }));

    const again = await sdkFailure(sesame.magicLinks.authenticate({ token }));
    expect(again).toMatchObject({ status: 401, code: 'used' });
    expect(again.requestId).toEqual(expect.any(String));
    expect((await sesame.magicLinks.get(link.id)).status).not.toBe('active');
  });

  it('exchanges the code a confirmed link redirects with, once', async () => {
    const link = await sesame.magicLinks.create({ email: email(), send: false, redirect_url: CALLBACK_URL });
    const confirm = await stack.api(`/l/${tokenOfUrl(link.url, stack.baseUrl)}`, { method: 'POST', headers: form, body: '' });
    expect(confirm.status).toBe(303);
    const code = new URL(confirm.headers.get('location') ?? '').searchParams.get('code') ?? '';

    const exchanged = await sesame.magicLinks.exchange({ code });
    expect(exchanged).toEqual(expect.objectContaining({ link_id: link.id, redirect_url: CALLBACK_URL, user: expect.objectContaining({ id: link.user_id }) }));
    expect(await sdkFailure(sesame.magicLinks.exchange({ code }))).toMatchObject({ status: 401, code: 'invalid_code' });
  });

  it('exchanges a PKCE sign-in\'s code only with its code_verifier', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const address = email();
    const asked = await requestLink(stack, (await tenantSlug()), {
      email: address, redirect_url: CALLBACK_URL, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    }, '203.0.113.7');
    expect(asked.status).toBe(202);
    const { token } = await mailFor(stack, address);
    const arrive = await stack.api(`/l/${token}`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(arrive.status).toBe(303);
    const code = new URL(arrive.headers.get('location') ?? '').searchParams.get('code') ?? '';

    expect(await sdkFailure(sesame.magicLinks.exchange({ code }))).toMatchObject({ status: 401, code: 'invalid_code' });
    const signedIn = await sesame.magicLinks.exchange({ code, code_verifier: verifier });
    expect(signedIn.user.email).toBe(address);
  });

  it('revokes a live link: its token is then refused as revoked', async () => {
    const link = await sesame.magicLinks.create({ email: email(), send: false });
    const revoked = await sesame.magicLinks.revoke(link.id);
    expect(revoked).toEqual(expect.objectContaining({ id: link.id, status: 'revoked', revoked_at: expect.any(String) }));
    expect((await sesame.magicLinks.revoke(link.id)).status).toBe('revoked'); // repeating it is harmless
    expect(await sdkFailure(sesame.magicLinks.authenticate({ token: tokenOfUrl(link.url, stack.baseUrl) }))).toMatchObject({ status: 401, code: 'revoked' });
  });

  it('lists a user\'s links across pages, newest first, by item and by page', async () => {
    const address = email();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await sesame.magicLinks.create({ email: address, send: false })).id);
    const userId = (await sesame.magicLinks.get(created[0])).user_id;

    const seen: string[] = [];
    for await (const link of sesame.magicLinks.list({ user_id: userId, limit: 2 })) seen.push(link.id);
    expect(seen).toEqual([...created].reverse());

    const pages: number[] = [];
    for await (const page of sesame.magicLinks.list({ user_id: userId, limit: 2 }).pages()) pages.push(page.data.length);
    expect(pages).toEqual([2, 2, 1]);

    const first = await sesame.magicLinks.listPage({ user_id: userId, limit: 4 });
    expect(first.data).toHaveLength(4);
    const rest = await sesame.magicLinks.listPage({ user_id: userId, limit: 4, cursor: first.next_cursor ?? undefined });
    expect([...first.data, ...rest.data].map((l) => l.id)).toEqual(seen);
    expect(rest.next_cursor).toBeNull();
  });

  it('maps API errors to SesameError with the stable code, details and request id', async () => {
    const invalid = await sdkFailure(sesame.magicLinks.create({ email: 'not-an-email', send: false }));
    expect(invalid).toBeInstanceOf(SesameError);
    expect(invalid).toMatchObject({ name: 'SesameError', status: 400, code: 'validation_failed' });
    expect(invalid.details?.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email' })]));
    expect(invalid.requestId).toMatch(/\S/);

    expect(await sdkFailure(sesame.magicLinks.get('00000000-0000-4000-8000-000000000000'))).toMatchObject({ status: 404, code: 'not_found' });
    const viewer = new Sesame({ apiKey: (await sesame.apiKeys.create({ name: 'viewer', scopes: ['magic_links:view'] })).key, baseUrl: stack.baseUrl });
    expect(await sdkFailure(viewer.magicLinks.create({ email: email() }))).toMatchObject({ status: 403, code: 'insufficient_scope' });
    const unknownKey = new Sesame({ apiKey: 'sk_not_a_key', baseUrl: stack.baseUrl });
    expect(await sdkFailure(unknownKey.users.get('00000000-0000-4000-8000-000000000000'))).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('retries a create whose answer was lost with the same Idempotency-Key: one link, the first one', async () => {
    const proxy = await startLossyProxy(stack.baseUrl, (req, i) => req.method === 'POST' && i === 0);
    try {
      const lossy = new Sesame({ apiKey: (await sesame.apiKeys.create({ name: 'lossy', scopes: ['magic_links:add', 'magic_links:view'] })).key, baseUrl: proxy.url });
      const address = email();
      const link = await lossy.magicLinks.create({ email: address, send: false });

      expect(proxy.requests.map((r) => [r.method, r.status, r.dropped])).toEqual([['POST', 201, true], ['POST', 201, false]]);
      const [lost, replayed] = proxy.requests;
      expect(lost.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      expect(replayed.headers['idempotency-key']).toBe(lost.headers['idempotency-key']);
      expect(link.id).toBe(JSON.parse(lost.answer).id);
      expect(JSON.parse(lost.answer).url).toEqual(expect.any(String));
      expect(link.url).toBeUndefined(); // the replay: the token is never stored, so never returned twice

      const links = await sesame.magicLinks.list({ user_id: link.user_id }).toArray();
      expect(links.map((l) => l.id)).toEqual([link.id]);
    } finally {
      await proxy.close();
    }
  });

  it('a webhook delivered to a local receiver verifies with verifyWebhook, and a tampered one does not', async () => {
    const endpoint = await sesame.webhookEndpoints.create({ url: stack.receiver.url, events: ['magiclink.created'], description: 'sdk' });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const link = await sesame.magicLinks.create({ email: email(), send: false });

    const received = await stack.receiver.waitFor((all) => all.some((w) => w.body.includes(link.id)), 15_000);
    const hook = received.find((w) => w.body.includes(link.id))!;
    const event = verifyWebhook(endpoint.secret, hook.headers, hook.body);
    expect(event.type).toBe('magiclink.created');
    expect(event.data).toEqual(expect.objectContaining({ link_id: link.id, user_id: link.user_id }));
    expect(() => verifyWebhook(endpoint.secret, hook.headers, hook.body.replace(link.id, link.user_id))).toThrow(WebhookVerificationError);
    const rotated = await sesame.webhookEndpoints.rotateSecret(endpoint.id);
    expect(() => verifyWebhook(rotated.secret, hook.headers, hook.body)).toThrow(WebhookVerificationError);

    const deliveries = await sesame.webhookEndpoints.deliveries(endpoint.id).toArray();
    expect(deliveries.map((d) => d.id)).toContain(hook.headers['webhook-id']);
  });

  it('manages users, patches the policy, reads templates and the audit log', async () => {
    const address = email();
    const user = await sesame.users.create({ email: address, attributes: { plan: 'pro' } });
    expect(user).toEqual(expect.objectContaining({ email: address, status: 'active', attributes: { plan: 'pro' } }));
    expect((await sesame.users.update(user.id, { attributes: { plan: null, seats: 3 } })).attributes).toEqual({ seats: 3 });
    expect((await sesame.users.get(user.id)).id).toBe(user.id);
    expect((await sesame.users.list({ email: address.toUpperCase() }).toArray()).map((u) => u.id)).toEqual([user.id]);

    const types: string[] = [];
    for await (const event of sesame.auditEvents.list({ user_id: user.id, limit: 1 })) types.push(event.type);
    expect(types).toEqual(['user.updated', 'user.created']);

    await sesame.users.delete(user.id);
    expect(await sdkFailure(sesame.users.get(user.id))).toMatchObject({ status: 404, code: 'not_found' });

    const policy = await sesame.policy.get();
    expect(policy.redirect.allowed_urls).toEqual([CALLBACK_URL]);
    const patched = await sesame.policy.update({ links: { login: { ttl_seconds: 300 } } });
    expect(patched.links.login.ttl_seconds).toBe(300);
    expect(patched.redirect.allowed_urls).toEqual([CALLBACK_URL]); // a merge patch leaves the rest alone
    const templates = await sesame.templates.list();
    expect(templates.data).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'login', language: 'en', source: 'default' })]));
  });

  it('the examples/node-sign-in app signs a person in: send → mailed link → callback → exchange → session', async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    const operator = new Sesame({ apiKey: stack.rootKey, baseUrl: stack.baseUrl });
    const tenant = await operator.tenants.create({ name: `Example ${Date.now()}`, app_origin: appUrl, allowed_redirect_urls: [`${appUrl}/callback`] });
    const key = (await new Sesame({ apiKey: tenant.api_key, baseUrl: stack.baseUrl }).apiKeys.create({ name: 'example app', scopes: ['magic_links:add', 'magic_links:view'] })).key;
    const app = await startExample({ SESAME_API_KEY: key, SESAME_BASE_URL: stack.baseUrl, PORT: String(port), HOST: '127.0.0.1' });
    try {
      const address = email();
      const home = await fetch(`${appUrl}/`);
      expect(await home.text()).toContain('action="/sign-in"');
      const asked = await fetch(`${appUrl}/sign-in`, { method: 'POST', headers: form, body: new URLSearchParams({ email: address }) });
      expect(asked.status).toBe(200);
      expect(await asked.text()).toContain('Check your email');

      const { token } = await mailFor(stack, address);
      const confirm = await stack.api(`/l/${token}`, { method: 'POST', headers: form, body: '' });
      expect(confirm.status).toBe(303);
      const callback = confirm.headers.get('location') ?? '';
      expect(callback.startsWith(`${appUrl}/callback?code=`)).toBe(true);

      const landed = await fetch(callback, { redirect: 'manual' });
      expect(landed.status).toBe(303);
      const cookie = (landed.headers.get('set-cookie') ?? '').split(';')[0];
      expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43}$/);
      const me = await fetch(`${appUrl}/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: unknown }).user).toEqual(expect.objectContaining({ email: address, userId: expect.any(String) }));
      expect(await (await fetch(`${appUrl}/`, { headers: { cookie } })).text()).toContain(`Signed in as <strong>${address}</strong>`);

      // The code is spent, and another browser has no session.
      expect((await fetch(callback, { redirect: 'manual' })).status).toBe(401);
      expect((await fetch(`${appUrl}/me`)).status).toBe(401);
      const rejected = await fetch(`${appUrl}/sign-in`, { method: 'POST', headers: form, body: new URLSearchParams({ email: 'nope' }) });
      expect(rejected.status).toBe(400);
    } finally {
      await stopExample(app);
    }
  });

  async function tenantSlug(): Promise<string> {
    const operator = new Sesame({ apiKey: stack.rootKey, baseUrl: stack.baseUrl });
    return (await operator.tenants.get(tenantId)).slug;
  }
});

/** Runs the built example (dist/examples/node-sign-in) as its own process and waits until it listens. */
async function startExample(env: Record<string, string>): Promise<ChildProcess> {
  const dist = process.env.SESAME_DIST_DIR ?? join(__dirname, '..', '..', 'dist');
  const child = spawn(process.execPath, [join(dist, 'examples', 'node-sign-in', 'src', 'main.js')], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`example exited with ${code}: ${output}`)));
  });
  return child;
}

async function stopExample(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
