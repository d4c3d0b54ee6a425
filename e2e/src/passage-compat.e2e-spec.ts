import { eventProblems, startStack, Stack } from '@sesame/testing';
import { APP_ORIGIN, CALLBACK_URL, createTenant, eventually, expectStatus, linkTokens, mailOf, mailPart, Tenant } from './support/fixtures';

jest.setTimeout(120_000);

/** What Passage's SDKs do: POST `<base>/apps/<app id>/magic-links` with the API key, return `magic_link`. */
class PassageClient {
  constructor(private readonly config: { appID: string; apiKey: string; baseUrl: string }) {}

  async createMagicLink(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.config.baseUrl}/apps/${this.config.appID}/magic-links`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.config.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { magic_link: Record<string, unknown>; code: string; error: string };
    if (!res.ok) throw Object.assign(new Error(json.error), { status: res.status, body: json });
    return json.magic_link;
  }
}

const FIELDS = ['activated', 'app_id', 'id', 'identifier', 'redirect_url', 'secret', 'ttl', 'type', 'url', 'user_id'];

/** Passage's embedded magic links API, driven by the exact bodies of the seed's curl and SDK examples. */
describe('Passage compatible magic links', () => {
  let stack: Stack;
  let tenant: Tenant;
  let passage: PassageClient;

  beforeAll(async () => {
    stack = await startStack({ label: 'passage' });
    tenant = await createTenant(stack, 'Passage Co');
    const paths = ['/custom-path/1234', '/reports/report-1234-5678', '/quotes/quoteid-1234-5678'].map((p) => APP_ORIGIN + p);
    const policy = await stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: { redirect: { allowed_urls: [CALLBACK_URL, ...paths] } } });
    expectStatus(policy, 200, 'PATCH policy');
    passage = new PassageClient({ appID: tenant.id, apiKey: tenant.api_key, baseUrl: `${stack.baseUrl}/compat/passage/v1` });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const authenticate = (token: string) => stack.api('/v1/magic-links/authenticate', { key: tenant.api_key, body: { token } });
  const userByEmail = async (email: string) => expectStatus(await stack.api(`/v1/users?email=${encodeURIComponent(email)}`, { key: tenant.api_key }), 200, 'GET users').body.data[0];

  it('the curl example: every documented field, the user created, a url the app can verify', async () => {
    const res = await stack.api(`/compat/passage/v1/apps/${tenant.id}/magic-links`, {
      key: tenant.api_key, body: '{\n"email": "curl.user@example.com",\n"redirect_url": "/custom-path/1234"\n}',
    });
    const { magic_link: link } = expectStatus(res, 201, 'curl create').body;
    expect(Object.keys(link).sort()).toEqual(FIELDS);
    const user = await userByEmail('curl.user@example.com');
    expect(link).toEqual({
      id: expect.any(String), secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), activated: false, user_id: user.id, app_id: tenant.id,
      identifier: 'curl.user@example.com', type: 'login', redirect_url: '/custom-path/1234',
      url: `${APP_ORIGIN}/?psg_magic_link=${link.secret}`, ttl: 10,
    });
    const auth = expectStatus(await authenticate(link.secret), 200, 'authenticate').body;
    expect(auth).toMatchObject({ user: { id: user.id }, type: 'login', redirect_url: `${APP_ORIGIN}/custom-path/1234`, link_id: link.id });
  });

  it('the Node SDK example, with the app slug as app id and a magic_link_path', async () => {
    const bySlug = new PassageClient({ appID: tenant.slug, apiKey: tenant.api_key, baseUrl: `${stack.baseUrl}/compat/passage/v1` });
    const magicLink = await bySlug.createMagicLink({ email: 'node.user@example.com', redirect_url: '/custom-path/1234' });
    expect(Object.keys(magicLink).sort()).toEqual(FIELDS);
    expect(magicLink).toMatchObject({ app_id: tenant.id, identifier: 'node.user@example.com', type: 'login', activated: false });
    const withPath = await passage.createMagicLink({ email: 'node.user@example.com', redirect_url: '/custom-path/1234', magic_link_path: '/login' });
    expect(withPath.url).toBe(`${APP_ORIGIN}/login?psg_magic_link=${withPath.secret}`);
  });

  it('the Ruby examples: by user_id, and send=true over email with a ttl of 120 minutes, which delivers', async () => {
    const user = await userByEmail('curl.user@example.com');
    const byId = await passage.createMagicLink({ user_id: user.id });
    expect(byId).toMatchObject({ user_id: user.id, identifier: 'curl.user@example.com', type: 'login', redirect_url: '/' });

    const sent = await passage.createMagicLink({ email: 'ruby.user@example.com', send: true, channel: 'email', ttl: 120 });
    expect(Object.keys(sent).sort()).toEqual(FIELDS);
    expect(sent).toMatchObject({ identifier: 'ruby.user@example.com', ttl: 120, secret: '', url: '', activated: false });
    const mail = await eventually(async () => stack.sendgrid.requests.map(mailOf).find((m) => m.personalizations[0].to[0].email === 'ruby.user@example.com'), 15_000, 100);
    expect(mail).toBeDefined();
    const [token] = linkTokens(mailPart(mail!, 'text/plain'), stack.baseUrl);
    expect(expectStatus(await authenticate(token), 200, 'authenticate mailed').body.link_id).toBe(sent.id);
  });

  it('the use cases: report reminders, and two links for one user (email and text) that are both valid', async () => {
    const reminder = await passage.createMagicLink({ email: 'acme.customer@example.com', redirect_url: '/reports/report-1234-5678' });
    expect(reminder.redirect_url).toBe('/reports/report-1234-5678');

    const magicLink = await passage.createMagicLink({ email: 'quote.requester@example.com', phone: '+11234567890', redirect_url: '/quotes/quoteid-1234-5678' });
    const magicLink2 = await passage.createMagicLink({ user_id: magicLink.user_id, redirect_url: '/quotes/quoteid-1234-5678' });
    expect(magicLink2.user_id).toBe(magicLink.user_id);
    expect(magicLink2.id).not.toBe(magicLink.id);
    expect((await authenticate(magicLink.secret as string)).status).toBe(200);
    expect((await authenticate(magicLink2.secret as string)).status).toBe(200);
  });

  it('type verify_identifier marks the email, or the phone, verified when used', async () => {
    const link = await passage.createMagicLink({ email: 'verify.me@example.com', type: 'verify_identifier' });
    expect(link.type).toBe('verify_identifier');
    const user = await userByEmail('verify.me@example.com');
    expect(user.email_verified_at).toBeNull();
    expectStatus(await authenticate(link.secret as string), 200, 'authenticate');
    expect((await userByEmail('verify.me@example.com')).email_verified_at).toEqual(expect.any(String));

    const phone = await passage.createMagicLink({ user_id: user.id, phone: '+15550001111', channel: 'phone', type: 'verify_identifier' });
    expect(phone).toMatchObject({ identifier: '+15550001111', type: 'verify_identifier' });
    expectStatus(await authenticate(phone.secret as string), 200, 'authenticate phone');
    expect(await userByEmail('verify.me@example.com')).toMatchObject({ phone: '+15550001111', phone_verified_at: expect.any(String) });
  });

  // Seed: "Users must provide an email address and phone number when submitting their request. …
  // Passage will create an account for them before sending the magic links."
  it('a create with email and phone for an unknown user creates the user with both', async () => {
    const link = await passage.createMagicLink({ email: 'both.ids@example.com', phone: '+15550002222', redirect_url: '/quotes/quoteid-1234-5678' });
    const user = await userByEmail('both.ids@example.com');
    expect(user).toMatchObject({ id: link.user_id, email: 'both.ids@example.com', phone: '+15550002222' });
    const byPhone = await passage.createMagicLink({ phone: '+15550002222' });
    expect(byPhone.user_id).toBe(link.user_id);
    // The phone is the other user's now: a second new user cannot take it.
    await expect(passage.createMagicLink({ email: 'other.ids@example.com', phone: '+15550002222' }))
      .rejects.toMatchObject({ status: 409, body: { code: 'conflict' } });
  });

  // Seed: "If the user does not exist, they will be created before returning the magic link." — also
  // for the seed's phone-only example (`createMagicLink({ phone: "+11234567890", … })`).
  it('a phone-only create for an unknown user creates the user, with that phone and no email', async () => {
    const hook = await stack.api('/v1/webhook-endpoints', { key: tenant.api_key, body: { url: stack.receiver.url, events: ['user.created', 'magiclink.created'] } });
    expectStatus(hook, 201, 'POST /v1/webhook-endpoints');
    const phone = '+15550004444';
    const link = await passage.createMagicLink({ phone, redirect_url: '/quotes/quoteid-1234-5678' });
    expect(link).toMatchObject({ identifier: phone, user_id: expect.any(String), secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const user = expectStatus(await stack.api(`/v1/users/${link.user_id}`, { key: tenant.api_key }), 200, 'GET user').body;
    expect(user).toMatchObject({ id: link.user_id, email: null, phone, magic_link_address: null });
    const auth = expectStatus(await authenticate(link.secret as string), 200, 'authenticate').body;
    expect(auth).toMatchObject({ user: { id: link.user_id, email: null }, link_id: link.id });
    // The same phone again is the same user; a second link by user_id works as in the seed's use case.
    expect((await passage.createMagicLink({ phone })).user_id).toBe(link.user_id);
    expect((await passage.createMagicLink({ user_id: link.user_id, phone, send: true, channel: 'phone' })).user_id).toBe(link.user_id);

    // Its events say email null, and still match the published schemas.
    const received = await stack.receiver.waitFor((r) => r.filter((w) => w.body.includes(link.user_id as string)).length >= 2, 15_000);
    const events = received.filter((w) => w.body.includes(link.user_id as string));
    for (const e of events) expect(eventProblems(e.body)).toEqual([]);
    expect(events.map((e) => JSON.parse(e.body)).find((e) => e.type === 'user.created').data).toEqual({ user_id: link.user_id, email: null, status: 'active' });
  });

  // Seed: "ttl: integer [optional] The time to live in minutes for the magic link."
  it('reads a ttl given as a numeric string as that many minutes', async () => {
    const link = await passage.createMagicLink({ email: 'ttl.string@example.com', ttl: '120' });
    expect(link.ttl).toBe(120);
    await expect(passage.createMagicLink({ email: 'ttl.string@example.com', ttl: '2 hours' }))
      .rejects.toMatchObject({ status: 400, body: { code: 'invalid_request' } });
  });

  // Seed: "channel: … Must be "email" or "phone" to indicate the channel by which to send the magic link."
  // with "type: … verify_identifier": the text confirms a phone number, it does not speak of an email.
  it('texts a verify_identifier link sent by phone in words about the phone', async () => {
    const phone = '+15550003333';
    await passage.createMagicLink({ email: 'texted@example.com', phone, send: true, channel: 'phone', type: 'verify_identifier' });
    const sms = await eventually(async () => {
      const res = expectStatus(await stack.api<Array<{ to: string; channel: string; text: string }>>('/dev/mailbox/messages.json'), 200, 'GET mailbox');
      return res.body.find((m) => m.to === phone);
    }, 15_000, 100);
    expect(sms).toMatchObject({ channel: 'sms', text: expect.stringMatching(/^Confirm your phone number for Passage Co: /) });
    expect(sms!.text).not.toMatch(/email/i);
  });

  // Passage's management API answers errors as {code, error} with its own codes: invalid_request (400),
  // invalid_access_token (401), app_not_found / user_not_found (404). The seed's clients ("a Passage
  // client … must work unchanged") branch on these.
  it('answers errors in Passage\'s shape {code, error} with Passage\'s codes', async () => {
    const cases: Array<[string, Record<string, unknown>, string | undefined, number, string]> = [
      [tenant.id, { redirect_url: '/custom-path/1234' }, tenant.api_key, 400, 'invalid_request'],
      [tenant.id, { email: 'x@example.com', send: true }, tenant.api_key, 400, 'invalid_request'],
      [tenant.id, { email: 'x@example.com', ttl: 0 }, tenant.api_key, 400, 'invalid_request'],
      [tenant.id, { email: 'x@example.com', type: 'magic' }, tenant.api_key, 400, 'invalid_request'],
      [tenant.id, { email: 'x@example.com', redirect_url: 'https://evil.example/' }, tenant.api_key, 400, 'invalid_request'],
      [tenant.id, { email: 'x@example.com', magic_link_path: 'https://evil.example/login' }, tenant.api_key, 400, 'invalid_request'],
      [tenant.id, { user_id: 'not-a-sesame-id' }, tenant.api_key, 404, 'user_not_found'],
      [tenant.id, { user_id: '6f1c1f0e-1d6b-4a47-9a59-3f1fb0a3c7b1' }, tenant.api_key, 404, 'user_not_found'],
      ['someone-elses-app', { email: 'x@example.com' }, tenant.api_key, 404, 'app_not_found'],
      [tenant.id, { email: 'x@example.com' }, undefined, 401, 'invalid_access_token'],
      [tenant.id, { email: 'x@example.com' }, 'sk_not_a_real_key', 401, 'invalid_access_token'],
    ];
    for (const [app, body, key, status, code] of cases) {
      const res = await stack.api(`/compat/passage/v1/apps/${app}/magic-links`, { key, body });
      expect([status, code, Object.keys(res.body).sort()]).toEqual([res.status, res.body.code, ['code', 'error']]);
      expect(res.body.error).toEqual(expect.any(String));
    }
    await expect(passage.createMagicLink({})).rejects.toMatchObject({ status: 400, body: { code: 'invalid_request' } });
  });
});
