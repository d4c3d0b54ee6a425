import { eventProblems, startStack, Stack } from '@sesame/testing';
import { CALLBACK_URL, createLink, createTenant, expectStatus, mailOf, sleep, Tenant, tokenOfUrl } from './support/fixtures';
import { mailFor, patchPolicy } from './support/sign-in';

jest.setTimeout(180_000);

const PASSWORD = 'correct horse battery staple';

/** A hosted page's answer, as bytes and headers, with ids and dates replaced (they differ per request by design). */
async function normalised(res: Response): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const scrub = (s: string) => s
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
    .replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT/g, '<date>');
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => { headers[k] = scrub(v); });
  return { status: res.status, headers, body: scrub(await res.text()) };
}

/**
 * The hosted self-service pages over HTTP against the five real processes: forgot password,
 * verify email, sign up (and the registration landing), and the two-step sign-in of an
 * application whose flow is "password then magic link".
 */
describe('hosted self-service pages', () => {
  let stack: Stack;
  let tenant: Tenant;
  let user: { id: string; email: string };

  beforeAll(async () => {
    stack = await startStack({ label: 'self-service-pages', env: { TRUST_PROXY: 'loopback' } }); // x-forwarded-for sets the client IP
    tenant = await createTenant(stack, 'Self Co');
    user = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'sam@example.com' } }), 201, 'POST /v1/users').body;
    expectStatus(await stack.api(`/v1/users/${user.id}/password`, { method: 'PUT', key: tenant.api_key, body: { password: PASSWORD } }), 200, 'PUT password');
    const hook = await stack.api('/v1/webhook-endpoints', {
      key: tenant.api_key, body: { url: stack.receiver.url, events: ['registration.completed', 'auth_flow.completed'] },
    });
    expectStatus(hook, 201, 'POST /v1/webhook-endpoints');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const page = (path: string, init: RequestInit & { ip?: string } = {}) => fetch(`${stack.baseUrl}${path}`, {
    redirect: 'manual', ...init, headers: { 'x-forwarded-for': init.ip ?? '198.51.100.7', ...(init.headers as Record<string, string> ?? {}) },
  });
  const post = (path: string, form: Record<string, string>, init: { ip?: string; cookie?: string } = {}) => page(path, {
    method: 'POST', body: new URLSearchParams(form), ip: init.ip,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(init.cookie ? { cookie: init.cookie } : {}) },
  });
  const mailsTo = (email: string) => stack.sendgrid.requests.map((r) => mailOf(r)).filter((m) => m.personalizations[0].to[0].email === email);

  describe('forgot password', () => {
    // Entrust: password reset links are "triggered by an administrator or by a self-service request".
    it('answers byte for byte the same for a known and an unknown address; only the known one gets an email', async () => {
      const form = await page(`/p/${tenant.slug}/forgot-password`);
      expect(form.status).toBe(200);
      expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await form.text()).toContain('action="/p/' + tenant.slug + '/forgot-password"');

      const known = await normalised(await post(`/p/${tenant.slug}/forgot-password`, { email: user.email }));
      const unknown = await normalised(await post(`/p/${tenant.slug}/forgot-password`, { email: 'nobody-here@example.com' }));
      expect(known.status).toBe(200);
      expect(unknown).toEqual(known);
      expect(known.body).toContain('Check your email');

      const { token } = await mailFor(stack, user.email);
      await sleep(1500); // time for a (wrong) mail to the unknown address to show up
      expect(mailsTo('nobody-here@example.com')).toHaveLength(0);
      expect(mailsTo(user.email)).toHaveLength(1);

      // The link leads to the existing "choose a new password" page, which stores it.
      const landing = await page(`/l/${token}`);
      expect([landing.status, landing.headers.get('location')]).toEqual([303, `/l/${token}/password`]);
      const saved = await post(`/l/${token}/password`, { password: `${PASSWORD} 2`, password_confirm: `${PASSWORD} 2` });
      expect(saved.status).toBe(200);
      expectStatus(await stack.api(`/v1/users/${user.id}/password`, { method: 'PUT', key: tenant.api_key, body: { password: PASSWORD } }), 200, 'PUT password back');
    });

    it('is rate-limited like sign-in: the same 429 page with Retry-After for a known and an unknown address', async () => {
      const known = await normalised(await post(`/p/${tenant.slug}/forgot-password`, { email: user.email }, { ip: '198.51.100.8' }));
      const unknown = await normalised(await post(`/p/${tenant.slug}/forgot-password`, { email: 'nobody-here@example.com' }, { ip: '198.51.100.8' }));
      expect(known.status).toBe(429);
      // The wait (Retry-After, and the page's "in N seconds") counts down from each address's own
      // last request, a second or so apart here; the two answers may also straddle a second.
      const said = (r: { body: string }) => Number(/ in (\d+) seconds?/.exec(r.body)?.[1]);
      for (const wait of [(r: typeof known) => Number(r.headers['retry-after']), said]) {
        const [k, u] = [wait(known), wait(unknown)];
        expect(k).toBeGreaterThan(0);
        expect(Math.abs(k - u)).toBeLessThanOrEqual(2);
      }
      for (const r of [known, unknown]) {
        delete r.headers['retry-after'];
        r.body = r.body.replace(/ in \d+ seconds?/, ' in <n> seconds');
      }
      expect(unknown).toEqual(known);
    });

    it('refuses a malformed address and an off-list redirect before anything else, and is off when the policy says so', async () => {
      expect((await post(`/p/${tenant.slug}/forgot-password`, { email: 'not-an-address' })).status).toBe(400);
      const off = await post(`/p/${tenant.slug}/forgot-password`, { email: 'x@example.com', redirect_url: 'https://evil.example/cb' });
      expect(off.status).toBe(400);
      await patchPolicy(stack, tenant, { passwords: { self_service_reset: false } });
      try {
        const before = stack.sendgrid.requests.length;
        const closed = await page(`/p/${tenant.slug}/forgot-password`);
        expect(closed.status).toBe(403);
        expect(await closed.text()).toContain('Password reset is not available here');
        expect((await post(`/p/${tenant.slug}/forgot-password`, { email: 'other@example.com' })).status).toBe(403);
        await sleep(1000);
        expect(stack.sendgrid.requests.length).toBe(before);
      } finally {
        await patchPolicy(stack, tenant, { passwords: { self_service_reset: true } });
      }
      expect((await page('/p/no-such-tenant/forgot-password')).status).toBe(404);
    });
  });

  describe('verify email', () => {
    // Entrust: "confirm email ownership" with "a single-use, time-limited link delivered by email".
    it('emails a confirmation link to an unconfirmed address only; using it confirms the address', async () => {
      const vera = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'vera@example.com' } }), 201, 'POST user').body;
      const a = await normalised(await post(`/p/${tenant.slug}/verify-email`, { email: vera.email }, { ip: '198.51.100.9' }));
      const b = await normalised(await post(`/p/${tenant.slug}/verify-email`, { email: 'nobody-else@example.com' }, { ip: '198.51.100.9' }));
      expect(a.status).toBe(200);
      expect(b).toEqual(a);
      const { token } = await mailFor(stack, vera.email);
      expect(mailsTo('nobody-else@example.com')).toHaveLength(0);
      expect((await post(`/l/${token}`, {})).status).toBe(303);
      const after = expectStatus(await stack.api(`/v1/users/${vera.id}`, { key: tenant.api_key }), 200, 'GET user').body;
      expect(after.email_verified_at).toEqual(expect.any(String));
    });
  });

  describe('sign up', () => {
    it('is refused with a clear page while the policy does not allow registration', async () => {
      const res = await page(`/p/${tenant.slug}/sign-up`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Sign-up is closed');
      expect((await post(`/p/${tenant.slug}/sign-up`, { email: 'new@example.com' })).status).toBe(403);
    });

    // Auth Armor: context_data is "to maintain context from signup start to completion".
    it('sends a registration link carrying context_data to the completed registration and its webhook', async () => {
      await patchPolicy(stack, tenant, { users: { self_registration: true } });
      const form = await page(`/p/${tenant.slug}/sign-up?redirect_url=${encodeURIComponent(CALLBACK_URL)}&context_data%5Breferrer%5D=newsletter`);
      expect(form.status).toBe(200);
      const html = await form.text();
      expect(html).toContain('name="context_data[referrer]" value="newsletter"');

      const res = await post(`/p/${tenant.slug}/sign-up`, {
        email: 'nina@example.com', redirect_url: CALLBACK_URL, 'context_data[referrer]': 'newsletter', 'context_data[plan]': 'pro',
      }, { ip: '198.51.100.10' });
      expect(res.status).toBe(200);
      const { token } = await mailFor(stack, 'nina@example.com');
      const landing = await page(`/l/${token}`);
      expect(landing.status).toBe(200);
      expect(await landing.text()).toContain('Finish signing up');
      const done = await post(`/l/${token}`, {});
      expect(done.status).toBe(303);
      const location = done.headers.get('location') ?? '';
      expect(location.startsWith(`${CALLBACK_URL}?code=`)).toBe(true);

      const received = await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('"registration.completed"')), 15_000);
      const body = received.find((w) => w.body.includes('"registration.completed"'))!.body;
      expect(eventProblems(body)).toEqual([]);
      expect(JSON.parse(body).data).toMatchObject({
        email: 'nina@example.com', registration_type: 'registration_link', context_data: { referrer: 'newsletter', plan: 'pro' },
      });
      const exchanged = expectStatus(await stack.api('/v1/magic-links/exchange', {
        key: tenant.api_key, body: { code: new URL(location).searchParams.get('code') },
      }), 200, 'exchange').body;
      expect(exchanged.context_data).toEqual({ referrer: 'newsletter', plan: 'pro' });
    });

    it('an address that already completed registration gets a sign-in link instead; the answer is the same', async () => {
      // Ola registers through an emailed registration link (using it confirms the address).
      const link = await createLink(stack, tenant.api_key, { email: 'ola@example.com', type: 'registration', send: false });
      expect((await post(`/l/${tokenOfUrl(link.url, stack.baseUrl)}`, {})).status).toBe(303);
      const ola = expectStatus(await stack.api(`/v1/users?email=ola@example.com`, { key: tenant.api_key }), 200, 'GET users').body.data[0];
      expect(ola.email_verified_at).toEqual(expect.any(String));

      const registered = await normalised(await post(`/p/${tenant.slug}/sign-up`, { email: 'ola@example.com' }, { ip: '198.51.100.11' }));
      const fresh = await normalised(await post(`/p/${tenant.slug}/sign-up`, { email: 'nora@example.com' }, { ip: '198.51.100.11' }));
      expect(registered.status).toBe(200);
      expect(fresh).toEqual(registered);
      const olaMail = await mailFor(stack, 'ola@example.com');
      const noraMail = await mailFor(stack, 'nora@example.com');
      expect(await (await page(`/l/${olaMail.token}`)).text()).toContain('Sign in to Self Co');
      expect(await (await page(`/l/${noraMail.token}`)).text()).toContain('Finish signing up');
    });

    // Auth Armor: the email "will contain a button with the action name you have specified".
    it('the registration landing shows the link\'s action name and short message', async () => {
      const link = await createLink(stack, tenant.api_key, {
        email: 'reg-landing@example.com', type: 'registration', send: false, action_name: 'Register', short_message: 'Welcome to the beta programme.',
      });
      const res = await page(`/l/${tokenOfUrl(link.url, stack.baseUrl)}`);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain('<h1>Register at Self Co</h1>');
      expect(html).toContain('Welcome to the beta programme.');
      expect(html).toContain('<button class="button" type="submit">Register</button>');
    });
  });

  describe('two-step sign-in (password, then Magic Link)', () => {
    let portal: { id: string };
    const base = () => `/p/${tenant.slug}/apps/${portal.id}/sign-in`;
    const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0];

    beforeAll(async () => {
      portal = expectStatus(await stack.api('/v1/applications', {
        key: tenant.api_key, body: { name: 'Portal', auth_flow: 'password_then_magic_link', redirect_url: CALLBACK_URL },
      }), 201, 'POST app').body;
    });

    // Entrust: "Sign in to a target application and confirm Magic Link appears as an option, delivers a link, and authenticates successfully."
    it('the password, then Magic Link chosen as the second factor, then the emailed link completes the auth flow', async () => {
      const form = await page(base());
      expect(form.status).toBe(200);
      expect(await form.text()).toContain('type="password"');
      const before = mailsTo(user.email).length;

      const step1 = await post(base(), { email: user.email, password: PASSWORD }, { ip: '198.51.100.20' });
      expect([step1.status, step1.headers.get('location')]).toEqual([303, `${base()}/second-factor`]);
      const setCookie = step1.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^__Host-sesame_factor=[A-Za-z0-9_-]+; Path=\/; Secure; HttpOnly; SameSite=Strict; Max-Age=300$/);
      expect(mailsTo(user.email)).toHaveLength(before); // nothing is sent before the second factor is chosen

      expect((await page(`${base()}/second-factor`)).status).toBe(303); // without the first factor: back to the password
      const options = await page(`${base()}/second-factor`, { headers: { cookie: cookieOf(step1) } });
      expect(options.status).toBe(200);
      expect(await options.text()).toContain('Email me a magic link');

      const chosen = await post(`${base()}/second-factor`, { factor: 'magic_link' }, { ip: '198.51.100.20', cookie: cookieOf(step1) });
      expect(chosen.status).toBe(200);
      expect(chosen.headers.get('set-cookie')).toContain('Max-Age=0');
      expect(await chosen.text()).toContain('Check your email');

      const { token } = await mailFor(stack, user.email, before + 1);
      const used = await post(`/l/${token}`, {});
      expect(used.status).toBe(303);
      expect(used.headers.get('location')?.startsWith(`${CALLBACK_URL}?code=`)).toBe(true);
      const received = await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('"auth_flow.completed"')), 15_000);
      const event = JSON.parse(received.find((w) => w.body.includes('"auth_flow.completed"'))!.body);
      expect(event.data).toMatchObject({ application_id: portal.id, user_id: user.id });
    });

    it('a wrong password sends nothing and is counted by the lock-out; at the limit even the right password is refused', async () => {
      await patchPolicy(stack, tenant, { rate_limits: { failed_per_link: { points: 3, window_seconds: 3600 } } });
      const lockee = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'lee@example.com' } }), 201, 'POST user').body;
      expectStatus(await stack.api(`/v1/users/${lockee.id}/password`, { method: 'PUT', key: tenant.api_key, body: { password: PASSWORD } }), 200, 'PUT password');
      const ip = '198.51.100.21';
      for (let i = 0; i < 3; i++) {
        const wrong = await post(base(), { email: lockee.email, password: 'not the password at all' }, { ip });
        expect(wrong.status).toBe(401);
        expect(await wrong.text()).toContain('The email address or password is wrong.');
      }
      const counters = expectStatus(await stack.api(`/v1/rate-limits?ip=${ip}`, { key: tenant.api_key }), 200, 'rate-limits').body.counters;
      expect(counters).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'failed_per_ip', count: 3 })]));
      const locked = await post(base(), { email: lockee.email, password: PASSWORD }, { ip: '198.51.100.22' });
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toMatch(/^[0-9]+$/);
      await sleep(1000);
      expect(mailsTo(lockee.email)).toHaveLength(0);
    });

    it('offers Magic Link only where the application allows it', async () => {
      const step1 = await post(base(), { email: user.email, password: PASSWORD }, { ip: '198.51.100.23' });
      expect(step1.status).toBe(303);
      await patchPolicy(stack, tenant, { links: { login: { enabled: false } } });
      try {
        const options = await page(`${base()}/second-factor`, { headers: { cookie: cookieOf(step1) } });
        const html = await options.text();
        expect(html).not.toContain('Email me a magic link');
        expect(html).toContain('No second step is available');
        const before = stack.sendgrid.requests.length;
        expect((await post(`${base()}/second-factor`, { factor: 'magic_link' }, { cookie: cookieOf(step1) })).status).toBe(400);
        await sleep(1000);
        expect(stack.sendgrid.requests.length).toBe(before);
      } finally {
        await patchPolicy(stack, tenant, { links: { login: { enabled: true } } });
      }

      // A magic-link-only application has no password step: its page is the hosted sign-in page.
      const solo = expectStatus(await stack.api('/v1/applications', {
        key: tenant.api_key, body: { name: 'Solo', auth_flow: 'magic_link', redirect_url: CALLBACK_URL },
      }), 201, 'POST app').body;
      const soloPage = await page(`/p/${tenant.slug}/apps/${solo.id}/sign-in`);
      expect([soloPage.status, soloPage.headers.get('location')]).toEqual([303, `/p/${tenant.slug}/sign-in?redirect_url=${encodeURIComponent(CALLBACK_URL)}`]);

      // A disabled application is refused before any factor.
      expectStatus(await stack.api(`/v1/applications/${portal.id}`, { method: 'PATCH', key: tenant.api_key, body: { enabled: false } }), 200, 'PATCH app');
      const off = await post(base(), { email: user.email, password: PASSWORD });
      expect(off.status).toBe(403);
      expect(await off.text()).toContain('This application is not available');
      expect((await page(`/p/${tenant.slug}/apps/00000000-0000-4000-8000-000000000000/sign-in`)).status).toBe(404);
    });
  });
});
