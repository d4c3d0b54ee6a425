import { CreatedMagicLink, CreatedTenant, CreatedWebhookEndpoint, MagicLinkSummary, Sesame, verifyWebhook, WebhookVerificationError } from '@sesame/client';
import { startStack, Stack } from '@sesame/testing';
import { APP_ORIGIN, CALLBACK_URL, eventually, linkTokens, mailOf, mailPart, sdkFailure, sleep, tokenOfUrl } from './support/fixtures';

jest.setTimeout(120_000);

/**
 * One end user's journey: mail → confirm page → redirect with code → exchange, plus webhook and
 * expiry. The integrator's side goes through @sesame/client, so the SDK cannot drift from the API.
 */
describe('magic link lifecycle', () => {
  let stack: Stack;
  let sesame: Sesame;
  let tenant: CreatedTenant;
  let endpoint: CreatedWebhookEndpoint;
  let link: CreatedMagicLink;
  let token: string;
  let code: string;
  let userId: string;
  const contextData = { plan: 'pro', source: 'e2e' };
  const redirectUrl = `${CALLBACK_URL}?next=%2Fhome`;

  beforeAll(async () => {
    stack = await startStack({ label: 'lifecycle' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('creates a tenant, a webhook endpoint and a link that is mailed', async () => {
    const operator = new Sesame({ apiKey: stack.rootKey, baseUrl: stack.baseUrl });
    tenant = await operator.tenants.create({ name: `Acme ${Date.now()}`, app_origin: APP_ORIGIN, allowed_redirect_urls: [CALLBACK_URL] });
    expect(tenant).toEqual(expect.objectContaining({ id: expect.any(String), slug: expect.any(String), api_key: expect.any(String) }));
    sesame = new Sesame({ apiKey: tenant.api_key, baseUrl: stack.baseUrl });

    endpoint = await sesame.webhookEndpoints.create({ url: stack.receiver.url, events: ['magiclink.email.sent'], description: 'e2e' });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    expect(endpoint.events).toEqual(['magiclink.email.sent']);

    link = await sesame.magicLinks.create({
      email: 'alice@example.com',
      redirect_url: redirectUrl,
      send: true,
      context_data: contextData,
    });
    expect(link).toEqual(expect.objectContaining({ type: 'login', status: 'active', identifier: 'alice@example.com', redirect_url: redirectUrl }));
    expect(link.url).toBeUndefined(); // a mailed link's token is never handed to the API caller

    await stack.sendgrid.waitFor(1, 15_000);
    await sleep(500); // a duplicate send would show up here
    expect(stack.sendgrid.requests).toHaveLength(1);
    const request = stack.sendgrid.requests[0];
    expect(request.headers.authorization).toBe('Bearer SG.test');
    const mail = mailOf(request);
    expect(mail.personalizations[0].to[0].email).toBe('alice@example.com');
    const fromHtml = linkTokens(mailPart(mail, 'text/html'), stack.baseUrl);
    const fromText = linkTokens(mailPart(mail, 'text/plain'), stack.baseUrl);
    expect(fromHtml.length).toBeGreaterThan(0);
    expect(new Set([...fromHtml, ...fromText])).toEqual(new Set([fromHtml[0]]));
    token = fromHtml[0];
  });

  it('shows a confirm page on GET without consuming the link', async () => {
    for (let i = 0; i < 2; i++) {
      const page = await stack.api(`/l/${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const form = /<form\b[^>]*>/i.exec(page.body as string)?.[0] ?? '';
      expect(form).toMatch(/method="post"/i);
      expect(form).toContain(`action="/l/${token}"`);
    }
    expect(await sesame.magicLinks.get(link.id)).toEqual(expect.objectContaining({ id: link.id, status: 'active', consumed_at: null }));
  });

  it('consumes the link on POST and redirects with a one-time code, query preserved', async () => {
    // Exactly what a browser sends when the confirm button is pressed.
    const res = await stack.api(`/l/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location.startsWith(`${redirectUrl}&code=`)).toBe(true);
    const target = new URL(location);
    expect(`${target.origin}${target.pathname}`).toBe(CALLBACK_URL);
    expect(target.searchParams.get('next')).toBe('/home');
    code = target.searchParams.get('code') ?? '';
    expect(code.length).toBeGreaterThanOrEqual(16);

    const after = await sesame.magicLinks.get(link.id);
    expect(after.status).not.toBe('active');
    expect(after.consumed_at).toEqual(expect.any(String));
  });

  it('exchanges the code once for the user and the context data', async () => {
    const body = await sesame.magicLinks.exchange({ code });
    expect(body).toEqual(expect.objectContaining({
      type: 'login',
      link_id: link.id,
      context_data: contextData,
      redirect_url: redirectUrl,
      user: expect.objectContaining({ email: 'alice@example.com', id: link.user_id }),
    }));
    userId = body.user.id;

    const again = await sdkFailure(sesame.magicLinks.exchange({ code }));
    expect(again.status).toBe(401);
    expect(again.code).toEqual(expect.any(String));
  });

  it('delivers a signed magiclink.email.sent webhook', async () => {
    const received = await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('magiclink.email.sent')), 15_000);
    const hook = received.find((w) => w.body.includes('magiclink.email.sent'))!;
    const event = verifyWebhook(endpoint.secret, hook.headers, hook.body);
    expect(event.type).toBe('magiclink.email.sent');
    expect(event.data).toEqual(expect.objectContaining({ type: 'login', email: 'alice@example.com', user_id: userId, link_id: link.id }));
    expect(hook.body).not.toContain(token);
    // The check above can fail: a tampered body or another secret is refused.
    expect(() => verifyWebhook(endpoint.secret, hook.headers, hook.body.replace('alice', 'mallory'))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(`whsec_${Buffer.from('another secret of 32 bytes......').toString('base64')}`, hook.headers, hook.body)).toThrow(WebhookVerificationError);
  });

  it('refuses the used link on the page and through the API', async () => {
    const page = await stack.api(`/l/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.status).toBeLessThan(500);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('location')).toBeNull();

    const auth = await sdkFailure(sesame.magicLinks.authenticate({ token }));
    expect(auth.status).toBe(401);
    expect(auth.code).toBe('used');
  });

  it('lists the user\'s links and revokes one', async () => {
    const list = await sesame.magicLinks.listPage({ user_id: userId, limit: 10 });
    expect(list.data.map((l: MagicLinkSummary) => l.id)).toContain(link.id);
    expect(list).toHaveProperty('next_cursor');

    const spare = await sesame.magicLinks.create({ email: 'alice@example.com', send: false });
    const revoked = await sesame.magicLinks.revoke(spare.id);
    expect(revoked).toEqual(expect.objectContaining({ id: spare.id, status: 'revoked', revoked_at: expect.any(String) }));
    const auth = await sdkFailure(sesame.magicLinks.authenticate({ token: tokenOfUrl(spare.url, stack.baseUrl) }));
    expect([auth.status, auth.code]).toEqual([401, 'revoked']);
  });

  it('serves health, metrics and the OpenAPI docs', async () => {
    expect((await stack.api('/health/live')).status).toBe(200);
    expect((await stack.api('/health/ready')).status).toBe(200);
    const metrics = await stack.api('/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toMatch(/^sesame_http_request_duration_seconds_count\{.*route="\/v1\/magic-links".*\} [1-9]/m);
    const ui = await stack.api('/docs');
    expect([200, 301, 302]).toContain(ui.status);
    const spec = await stack.api('/docs/json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/v1/magic-links', '/v1/magic-links/authenticate', '/v1/magic-links/exchange']));
    // The Idempotency-Key header is optional, and documented once.
    const params: Array<{ name: string; in: string; required?: boolean }> = spec.body.paths['/v1/magic-links'].post.parameters ?? [];
    const idem = params.filter((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
    expect(idem.map((p) => ({ name: p.name.toLowerCase(), required: p.required ?? false }))).toEqual([{ name: 'idempotency-key', required: false }]);
  });

  it('refuses an expired link as expired, then the scheduler purges it', async () => {
    const short = await sesame.magicLinks.create({ email: 'bob@example.com', send: false });
    const shortToken = tokenOfUrl(short.url, stack.baseUrl);

    // The purge deletes expired rows every second, which would turn `expired` into `invalid_token`
    // before we get to ask. Holding a KEY SHARE lock from before expiry makes its
    // `FOR UPDATE SKIP LOCKED` skip this row, and does not conflict with a verification's UPDATE.
    const client = await stack.db.pool.connect();
    try {
      await client.query('BEGIN');
      const held = await client.query('SELECT id FROM magic_links WHERE id = $1 FOR KEY SHARE', [short.id]);
      expect(held.rowCount).toBe(1);
      // Expire it now (a plain UPDATE does not conflict with KEY SHARE).
      await stack.db.pool.query(`UPDATE magic_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [short.id]);
      const auth = await sdkFailure(sesame.magicLinks.authenticate({ token: shortToken }));
      expect(auth.status).toBe(401);
      expect(auth.code).toBe('expired');
    } finally {
      await client.query('COMMIT');
      client.release();
    }

    const purged = await eventually(async () => {
      const rows = await stack.db.pool.query('SELECT 1 FROM magic_links WHERE id = $1', [short.id]);
      return rows.rowCount === 0;
    }, 10_000);
    expect(purged).toBe(true);
    const gone = await sdkFailure(sesame.magicLinks.get(short.id));
    expect(gone.status).toBe(404);
  });
});
