import type { Browser, Page } from 'playwright-core';
import { Catalogue, CATALOGUES, fill } from '@sesame/i18n';
import { startStack, Stack } from '@sesame/testing';
import { device, inspect, launchChromium, open, PageReport, rgb, startImageServer, watch } from './support/browser';
import { CALLBACK_URL, createLink, createTenant, expectStatus, Tenant, tokenOfUrl } from './support/fixtures';
import { mailFor, patchPolicy } from './support/sign-in';

jest.setTimeout(600_000);

const PASSWORD = 'correct horse battery staple';
const BRAND = { primary_color: '#0f766e', footer: 'Browser Co · 1 Test Street · Testville' };
const LANGUAGES = ['en', 'fr'] as const;

/**
 * The self-service pages and the two-step sign-in in Debian's Chromium, in two languages, with
 * the tenant's branding: every page speaks the reader's language, wears the logo (loaded under the
 * page's own CSP), the brand colour on its buttons and the footer, fits 320 px without sideways
 * scrolling, has no serious or critical axe-core violation, and is saved as a screenshot
 * (tmp/e2e-artifacts/hosted-pages/self-service-*.png).
 */
describe('self-service pages in Chromium (two languages, branded, 320 px)', () => {
  let stack: Stack;
  let tenant: Tenant;
  let closed: Tenant;
  let browser: Browser;
  let images: Awaited<ReturnType<typeof startImageServer>>;
  let portalId = '';

  beforeAll(async () => {
    images = await startImageServer();
    stack = await startStack({ label: 'self-service-browser' });
    const branding = { ...BRAND, logo_url: `${images.origin}/logo.png` };
    tenant = await createTenant(stack, 'Browser Co');
    closed = await createTenant(stack, 'Closed Co');
    for (const lang of LANGUAGES) {
      const user = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: `bea-${lang}@example.com` } }), 201, 'POST user').body;
      expectStatus(await stack.api(`/v1/users/${user.id}/password`, { method: 'PUT', key: tenant.api_key, body: { password: PASSWORD } }), 200, 'PUT password');
      expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: `vic-${lang}@example.com` } }), 201, 'POST user');
    }
    portalId = expectStatus(await stack.api('/v1/applications', {
      key: tenant.api_key, body: { name: 'Portal', auth_flow: 'password_then_magic_link', redirect_url: CALLBACK_URL },
    }), 201, 'POST app').body.id;
    expectStatus(await stack.api('/v1/policy', { method: 'PATCH', key: closed.api_key, body: { branding } }), 200, 'PATCH closed policy');
    await patchPolicy(stack, tenant, { users: { self_registration: true }, branding });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await images?.close();
  });

  /** What every page must satisfy, in `t`'s language, with the tenant's branding. */
  async function expectGood(page: Page, name: string, t: Catalogue, h1: string): Promise<PageReport> {
    const r = await inspect(page, `self-service-${name}-${t.locale}`);
    expect(r.lang).toBe(t.locale);
    expect(r.h1).toBe(h1);
    expect(r.violations).toEqual([]);
    expect(r.scrollWidth).toBeLessThanOrEqual(r.viewportWidth);
    expect(r.viewportWidth).toBe(320);
    expect(r.logo).toMatchObject({ src: `${images.origin}/logo.png` });
    expect(r.logo!.naturalWidth).toBeGreaterThan(0);
    for (const b of r.buttons) expect(b.background).toBe(rgb(BRAND.primary_color));
    expect(await page.textContent('footer')).toContain(BRAND.footer);
    expect(r.csp).toContain("default-src 'none'");
    expect(r.csp).not.toContain('script-src');
    expect(r.consoleErrors).toEqual([]);
    return r;
  }

  describe.each(LANGUAGES)('in %s', (lang) => {
    const t = CATALOGUES[lang];
    const s = t.pages.selfService;
    const a = t.pages.appSignIn;
    const app = { app_name: 'Browser Co' };

    // Entrust: reset links are "triggered by an administrator or by a self-service request".
    it('forgot password: the form, "check your email", then the emailed link\'s "choose a new password"', async () => {
      const ctx = await device(browser, { language: lang });
      try {
        const page = await open(ctx, `${stack.baseUrl}/p/${tenant.slug}/forgot-password`);
        await expectGood(page, 'forgot-password-form', t, fill(s.forgotPassword.title, app));
        await page.fill('input[name=email]', `bea-${lang}@example.com`);
        await page.click('button[type=submit]');
        await expectGood(page, 'forgot-password-sent', t, fill(s.forgotPassword.sentTitle, app));
        const { token } = await mailFor(stack, `bea-${lang}@example.com`);
        const reset = await open(ctx, `${stack.baseUrl}/l/${token}`);
        expect(reset.url()).toBe(`${stack.baseUrl}/l/${token}/password`);
        await expectGood(reset, 'choose-password', t, fill(t.pages.password.title, app));
      } finally {
        await ctx.close();
      }
    });

    // Entrust: Magic Links "confirm email ownership".
    it('verify email: the form, then "check your email"', async () => {
      const ctx = await device(browser, { language: lang });
      try {
        const page = await open(ctx, `${stack.baseUrl}/p/${tenant.slug}/verify-email`);
        await expectGood(page, 'verify-email-form', t, fill(s.verifyEmail.title, app));
        await page.fill('input[name=email]', `vic-${lang}@example.com`);
        await page.click('button[type=submit]');
        await expectGood(page, 'verify-email-sent', t, fill(s.verifyEmail.sentTitle, app));
      } finally {
        await ctx.close();
      }
    });

    // Entrust: "send a registration link directly to the user email address so users can start enrollment quickly".
    it('sign up: the form, "check your email"; closed where the policy does not allow registration', async () => {
      const ctx = await device(browser, { language: lang });
      try {
        const page = await open(ctx, `${stack.baseUrl}/p/${tenant.slug}/sign-up?context_data%5Breferrer%5D=newsletter`);
        await expectGood(page, 'sign-up-form', t, fill(s.signUp.title, app));
        await page.fill('input[name=email]', `new-${lang}@example.com`);
        await page.click('button[type=submit]');
        await expectGood(page, 'sign-up-sent', t, fill(s.signUp.sentTitle, app));
        const shut = await open(ctx, `${stack.baseUrl}/p/${closed.slug}/sign-up`);
        await expectGood(shut, 'sign-up-closed', t, fill(s.signUp.off.title, app));
      } finally {
        await ctx.close();
      }
    });

    // Auth Armor: the email "will contain a button with the action name you have specified"; the landing repeats it.
    it('registration landing: the action name and short message', async () => {
      const link = await createLink(stack, tenant.api_key, {
        email: `landing-${lang}@example.com`, type: 'registration', send: false, language: lang,
        action_name: 'Register', short_message: 'Welcome to the beta programme.',
      });
      const ctx = await device(browser, { language: lang });
      try {
        const page = await open(ctx, `${stack.baseUrl}/l/${tokenOfUrl(link.url, stack.baseUrl)}`);
        await expectGood(page, 'registration-landing', t, fill(t.actionSubject, { ...app, action_name: 'Register' }));
        expect(await page.textContent('.short-message')).toBe('Welcome to the beta programme.');
        expect((await page.textContent('button[type=submit]'))?.trim()).toBe('Register');
      } finally {
        await ctx.close();
      }
    });

    // Entrust: "Sign in to a target application and confirm Magic Link appears as an option, delivers a link, and authenticates successfully."
    it('two-step sign-in: password, Magic Link as the second-factor option, the link completes it', async () => {
      const email = `bea-${lang}@example.com`;
      const portal = { app_name: 'Portal' };
      const ctx = await device(browser, { language: lang });
      try {
        const page = await open(ctx, `${stack.baseUrl}/p/${tenant.slug}/apps/${portalId}/sign-in`);
        await expectGood(page, 'app-sign-in', t, fill(a.title, portal));
        await page.fill('input[name=email]', email);
        await page.fill('input[name=password]', 'not the password at all');
        await page.click('button[type=submit]');
        await expectGood(page, 'app-sign-in-wrong', t, fill(a.title, portal));
        expect(await page.textContent('[role=alert]')).toBe(a.wrongPassword);
        await page.fill('input[name=email]', email);
        await page.fill('input[name=password]', PASSWORD);
        await page.click('button[type=submit]');
        await page.waitForURL(/\/second-factor$/);
        await expectGood(page, 'app-sign-in-second-factor', t, a.secondFactorTitle);
        expect((await page.textContent('button[type=submit]'))?.trim()).toBe(a.magicLinkOption);
        await page.click('button[type=submit]');
        await expectGood(page, 'app-sign-in-sent', t, a.sentTitle);

        const { token } = await mailFor(stack, email, 2);
        const landing = await ctx.newPage();
        watch(landing);
        await landing.route(`${CALLBACK_URL}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>App</h1>' }));
        await landing.goto(`${stack.baseUrl}/l/${token}`);
        await landing.click('button[type=submit]');
        await landing.waitForURL((u) => u.href.startsWith(CALLBACK_URL));
        expect(landing.url()).toContain('code=');
      } finally {
        await ctx.close();
      }
    });
  });
});
