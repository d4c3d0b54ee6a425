import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { startStack, Stack } from '@sesame/testing';
import { CALLBACK_URL, createLink, createTenant, expectStatus, Tenant, tokenOfUrl } from './support/fixtures';
import { mailFor, patchPolicy } from './support/sign-in';

jest.setTimeout(300_000);

const PASSWORD = 'correct horse battery staple';
const ARTIFACTS = join(__dirname, '..', '..', 'tmp', 'e2e-artifacts', 'self-service-pages');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }

/**
 * The self-service pages and the two-step sign-in in a real Chromium, without JavaScript: each
 * page works at 320 px wide (nothing wider than the viewport), has no serious or critical axe-core
 * violation, and is saved as a screenshot (tmp/e2e-artifacts/self-service-pages/).
 */
describe('self-service pages in Chromium', () => {
  let stack: Stack;
  let tenant: Tenant;
  let browser: Browser;
  let audit: BrowserContext;
  let portalId = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = await startStack({ label: 'self-service-browser' });
    tenant = await createTenant(stack, 'Browser Co');
    const user = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'bea@example.com' } }), 201, 'POST user').body;
    expectStatus(await stack.api(`/v1/users/${user.id}/password`, { method: 'PUT', key: tenant.api_key, body: { password: PASSWORD } }), 200, 'PUT password');
    expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'vic@example.com' } }), 201, 'POST user');
    portalId = expectStatus(await stack.api('/v1/applications', {
      key: tenant.api_key, body: { name: 'Portal', auth_flow: 'password_then_magic_link', redirect_url: CALLBACK_URL },
    }), 201, 'POST app').body.id;
    await patchPolicy(stack, tenant, { users: { self_registration: true } });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    // axe-core needs script; the pages have none and forbid it (CSP), so it runs on a copy of each page's HTML.
    audit = await browser.newContext({ javaScriptEnabled: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A phone-sized, script-less browser ("device"). */
  const phone = () => browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });

  /** What every page must satisfy: fits 320 px, no serious/critical axe violation; then its screenshot. */
  async function check(page: Page, name: string): Promise<void> {
    const overflow = await page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth').catch(() => null);
    // Script is off in the page itself; measure through the layout instead when evaluate is unavailable.
    const box = await page.locator('main').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 320).toBe(true);
    if (overflow !== null) expect(overflow).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-320.png`), fullPage: true });

    const copy = await audit.newPage();
    try {
      await copy.setContent(await page.content());
      await copy.addScriptTag({ content: AXE_SOURCE });
      const violations = await copy.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`);
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    } finally {
      await copy.close();
    }
  }

  it.each([
    ['forgot-password', 'bea@example.com', 'Forgot your password?'],
    ['verify-email', 'vic@example.com', 'Confirm your email address'],
    ['sign-up', 'new-browser@example.com', 'Sign up for Browser Co'],
  ])('/p/{slug}/%s: the form, then "Check your email", at 320 px', async (path, email, heading) => {
    const ctx = await phone();
    try {
      const page = await ctx.newPage();
      const res = await page.goto(`${stack.baseUrl}/p/${tenant.slug}/${path}?redirect_url=${encodeURIComponent(CALLBACK_URL)}`);
      expect(res?.status()).toBe(200);
      expect(await page.textContent('h1')).toBe(heading);
      await check(page, `${path}-form`);
      await page.fill('input[name=email]', email);
      await page.click('button[type=submit]');
      expect(await page.textContent('h1')).toBe('Check your email');
      await check(page, `${path}-sent`);
    } finally {
      await ctx.close();
    }
  });

  // Entrust: reset links "triggered by an administrator or by a self-service request" lead to "choose a new password".
  it('the forgot-password email leads to the choose-a-new-password page, at 320 px', async () => {
    const ctx = await phone();
    try {
      const { token } = await mailFor(stack, 'bea@example.com');
      const page = await ctx.newPage();
      await page.goto(`${stack.baseUrl}/l/${token}`);
      expect(page.url()).toBe(`${stack.baseUrl}/l/${token}/password`);
      await check(page, 'choose-password');
    } finally {
      await ctx.close();
    }
  });

  // Auth Armor: the email "will contain a button with the action name you have specified".
  it('the registration landing shows the action name and short message, at 320 px', async () => {
    const link = await createLink(stack, tenant.api_key, {
      email: 'landing@example.com', type: 'registration', send: false, action_name: 'Register', short_message: 'Welcome to the beta programme.',
    });
    const ctx = await phone();
    try {
      const page = await ctx.newPage();
      await page.goto(`${stack.baseUrl}/l/${tokenOfUrl(link.url, stack.baseUrl)}`);
      expect(await page.textContent('h1')).toBe('Register at Browser Co');
      expect(await page.textContent('.short-message')).toBe('Welcome to the beta programme.');
      expect(await page.textContent('button[type=submit]')).toBe('Register');
      await check(page, 'registration-landing');
    } finally {
      await ctx.close();
    }
  });

  it('sign-up closed: a clear page, at 320 px', async () => {
    const closed = await createTenant(stack, 'Closed Co');
    const ctx = await phone();
    try {
      const page = await ctx.newPage();
      const res = await page.goto(`${stack.baseUrl}/p/${closed.slug}/sign-up`);
      expect(res?.status()).toBe(403);
      expect(await page.textContent('h1')).toBe('Sign-up is closed');
      await check(page, 'sign-up-closed');
    } finally {
      await ctx.close();
    }
  });

  // Entrust: "confirm Magic Link appears as an option, delivers a link, and authenticates successfully".
  it('two-step sign-in: password, then Magic Link as the option, then the link completes it, at 320 px', async () => {
    const ctx = await phone();
    try {
      const page = await ctx.newPage();
      await page.goto(`${stack.baseUrl}/p/${tenant.slug}/apps/${portalId}/sign-in`);
      expect(await page.textContent('h1')).toBe('Sign in to Portal');
      await check(page, 'app-sign-in');
      await page.fill('input[name=email]', 'bea@example.com');
      await page.fill('input[name=password]', 'not the password at all');
      await page.click('button[type=submit]');
      expect(await page.textContent('[role=alert]')).toBe('The email address or password is wrong.');
      await check(page, 'app-sign-in-wrong');
      await page.fill('input[name=email]', 'bea@example.com');
      await page.fill('input[name=password]', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(/\/second-factor$/);
      expect(await page.textContent('button[type=submit]')).toBe('Email me a magic link');
      await check(page, 'app-sign-in-second-factor');
      await page.click('button[type=submit]');
      expect(await page.textContent('h1')).toBe('Check your email');
      await check(page, 'app-sign-in-sent');

      const { token } = await mailFor(stack, 'bea@example.com', 2);
      await page.route(`${CALLBACK_URL}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>App</h1>' }));
      await page.goto(`${stack.baseUrl}/l/${token}`);
      await page.click('button[type=submit]');
      await page.waitForURL((u) => u.href.startsWith(CALLBACK_URL));
      expect(page.url()).toContain('code=');
    } finally {
      await ctx.close();
    }
  });
});
