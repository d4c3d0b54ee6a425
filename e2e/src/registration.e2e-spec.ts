import { eventProblems, startStack, Stack } from '@sesame/testing';
import { CALLBACK_URL, createLink, createTenant, eventually, expectStatus, mailOf, mailPart, sleep, Tenant, tokenOfUrl } from './support/fixtures';

jest.setTimeout(120_000);

const IP = '203.0.113.7';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) registration-test';

/**
 * Magic-link email registration, Auth Armor's model, through its compatible paths (and the native
 * ones): start emails a button to the registration redirect URL with a validation token; validating
 * it creates the user and returns the context data.
 */
describe('registration (Auth Armor magiclink_email)', () => {
  let stack: Stack;
  let tenant: Tenant;
  const aa = (path: string, body: unknown) => stack.api(`/compat/autharmor/v3/users/${path}`, { key: tenant.api_key, body });

  beforeAll(async () => {
    stack = await startStack({ label: 'registration' });
    tenant = await createTenant(stack, 'Reg Co');
    const hook = await stack.api('/v1/webhook-endpoints', { key: tenant.api_key, body: { url: stack.receiver.url, events: ['registration.completed'] } });
    expectStatus(hook, 201, 'POST /v1/webhook-endpoints');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** The validation token of the registration email to `to`, from its button's URL. */
  async function tokenMailedTo(to: string): Promise<{ token: string; subject: string; text: string }> {
    const mail = await eventually(async () => stack.sendgrid.requests.map(mailOf).find((m) => m.personalizations[0].to[0].email === to), 15_000, 100);
    if (!mail) throw new Error(`no email to ${to}`);
    const text = mailPart(mail, 'text/plain');
    const m = /[?&]registration_validation_token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(text);
    if (!m || !text.includes(`${CALLBACK_URL}?`)) throw new Error(`no registration URL in: ${text}`);
    return { token: m[1], subject: mail.subject, text };
  }

  it('start → email with the redirect URL and token → validate creates the user and returns context_data; bindings are enforced', async () => {
    const start = await aa('magiclink_email/register/start', {
      email_address: 'New.Person@example.com', registration_redirect_url: CALLBACK_URL, action_name: 'Register',
      short_msg: 'Welcome to the beta', context_data: { referrer: 'newsletter', plan: 'pro' }, ip_address: IP, user_agent: UA,
    });
    const started = expectStatus(start, 200, 'start').body;
    expect(started).toEqual({
      registration_id: expect.any(String), magiclink_email_registration_type: 'new_user', email_address: 'new.person@example.com',
      timeout_in_seconds: 300, expires_at: expect.any(String),
    });
    const lifetime = (Date.parse(started.expires_at) - Date.now()) / 1000;
    expect(lifetime).toBeGreaterThan(280);
    expect(lifetime).toBeLessThanOrEqual(300);

    const { token, subject, text } = await tokenMailedTo('new.person@example.com');
    expect(subject).toBe('Register at Reg Co');
    expect(text).toContain('Welcome to the beta');
    const validate = (body: Record<string, unknown>) => aa('register/magiclink_email/validate', { registration_validation_token: token, ...body });
    for (const wrong of [{ ip_address: '198.51.100.1', user_agent: UA }, { ip_address: IP, user_agent: 'curl/8' }, {}]) {
      const res = await validate(wrong);
      expect([res.status, res.body.error.code]).toEqual([401, 'binding_mismatch']);
    }
    const ok = await validate({ ip_address: IP, user_agent: UA });
    const result = expectStatus(ok, 200, 'validate').body;
    expect(result).toEqual({
      magiclink_email_registration_type: 'new_user', user_id: expect.any(String), username: 'new.person@example.com',
      email_address: 'new.person@example.com', context_data: { referrer: 'newsletter', plan: 'pro' },
    });
    const user = expectStatus(await stack.api(`/v1/users/${result.user_id}`, { key: tenant.api_key }), 200, 'GET user').body;
    expect(user).toMatchObject({ email: 'new.person@example.com', status: 'active', email_verified_at: expect.any(String) });
    const again = await validate({ ip_address: IP, user_agent: UA });
    expect([again.status, again.body.error.code]).toEqual([401, 'used']);

    const received = await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('registration.completed')), 15_000);
    const body = received.find((w) => w.body.includes('registration.completed'))!.body;
    expect(eventProblems(body)).toEqual([]);
    expect(JSON.parse(body).data).toEqual({
      user_id: result.user_id, email: 'new.person@example.com', registration_id: started.registration_id, registration_type: 'new_user',
      context_data: { referrer: 'newsletter', plan: 'pro' },
    });
  });

  it('an address in use is 409; a redirect off the allow-list is 400', async () => {
    const inUse = await aa('magiclink_email/register/start', { email_address: 'new.person@example.com', registration_redirect_url: CALLBACK_URL });
    expect([inUse.status, inUse.body.error.code]).toEqual([409, 'email_in_use']);
    const native = await stack.api('/v1/registrations', { key: tenant.api_key, body: { email_address: 'NEW.person@example.com', registration_redirect_url: CALLBACK_URL } });
    expect([native.status, native.body.error.code]).toEqual([409, 'email_in_use']);
    for (const url of ['https://evil.example/register', `${CALLBACK_URL.replace('/auth/callback', '/other')}`, '//evil.example/x']) {
      const res = await aa('magiclink_email/register/start', { email_address: 'someone@example.com', registration_redirect_url: url });
      expect([res.status, res.body.error.code]).toEqual([400, 'redirect_not_allowed']);
    }
  });

  it('is refused after timeout_in_seconds', async () => {
    const start = await stack.api('/v1/registrations', {
      key: tenant.api_key, body: { email_address: 'late@example.com', registration_redirect_url: CALLBACK_URL, timeout_in_seconds: 4 },
    });
    const started = expectStatus(start, 201, 'native start').body;
    expect(started).toMatchObject({ timeout_in_seconds: 4, magiclink_email_registration_type: 'new_user' });
    const { token } = await tokenMailedTo('late@example.com'); // an expired registration is never mailed: fetch it first
    await sleep(Math.max(0, Date.parse(started.expires_at) - Date.now()) + 250);
    const res = await stack.api('/v1/registrations/validate', { key: tenant.api_key, body: { registration_validation_token: token } });
    expect([res.status, res.body.error.code]).toEqual([401, 'expired']);
    const users = expectStatus(await stack.api('/v1/users?email=late@example.com', { key: tenant.api_key }), 200, 'GET users').body;
    expect(users.data).toEqual([]);
  });

  it('existing-user flow: a user registered another way gains the magic-link email address', async () => {
    const bob = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'bob@example.com' } }), 201, 'POST user').body;
    const start = await aa(`${bob.id}/magiclink_email/register/start`, {
      email_address: 'bob.links@example.com', registration_redirect_url: `${CALLBACK_URL}?flow=existing`, context_data: { step: '2' },
    });
    expect(expectStatus(start, 200, 'start existing').body.magiclink_email_registration_type).toBe('existing_user');
    const { token, subject } = await tokenMailedTo('bob.links@example.com');
    expect(subject).toBe('Finish signing up for Reg Co'); // no action_name: the registration email's own subject
    const ok = await aa('register/magiclink_email/validate', { registration_validation_token: token });
    expect(expectStatus(ok, 200, 'validate existing').body).toEqual({
      magiclink_email_registration_type: 'existing_user', user_id: bob.id, username: 'bob@example.com',
      email_address: 'bob.links@example.com', context_data: { step: '2' },
    });
    const after = expectStatus(await stack.api(`/v1/users/${bob.id}`, { key: tenant.api_key }), 200, 'GET bob').body;
    expect(after).toMatchObject({ magic_link_email: 'bob.links@example.com', magic_link_address: 'bob.links@example.com' });
  });

  it('an Entrust registration link completes a registration when used (registration_type registration_link)', async () => {
    const cy = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'cy@example.com' } }), 201, 'POST user').body;
    const link = await createLink(stack, tenant.api_key, { user_id: cy.id, type: 'registration', send: false });
    expectStatus(await stack.api('/v1/magic-links/authenticate', { key: tenant.api_key, body: { token: tokenOfUrl(link.url, stack.baseUrl) } }), 200, 'authenticate');
    const received = await stack.receiver.waitFor((r) => r.some((w) => w.body.includes(link.id)), 15_000);
    const body = received.find((w) => w.body.includes(link.id))!.body;
    expect(eventProblems(body)).toEqual([]);
    expect(JSON.parse(body)).toMatchObject({
      type: 'registration.completed', data: { user_id: cy.id, email: 'cy@example.com', link_id: link.id, registration_type: 'registration_link' },
    });
  });
});
