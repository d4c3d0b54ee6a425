import { Browser, BrowserContext } from 'playwright-core';
import { Catalogue, CATALOGUES, fill } from '@sesame/i18n';
import { startStack, Stack } from '@sesame/testing';
import { device, inspect, launchChromium, open, PageReport, rgb, startImageServer, watch } from './support/browser';
import { createLink, expectStatus, Tenant, tokenOfUrl } from './support/fixtures';
import { mailFor, patchPolicy } from './support/sign-in';

jest.setTimeout(300_000);

const BRAND = '#0f766e';
const APP = 'Acme';
const WHITE = 'rgb(255, 255, 255)';

/**
 * Every hosted page in a real Chromium, 320 px wide, in two languages, with the tenant's branding:
 * the text in the reader's language, the brand colour on the buttons, the logo loaded from its own
 * origin under the page's CSP, no serious or critical axe-core finding, no sideways scrolling.
 * Screenshots land in tmp/e2e-artifacts/hosted-pages (docs/img holds a curated few).
 */
describe('hosted pages (Chromium, branded, localized)', () => {
  let stack: Stack;
  let tenant: Tenant;
  let browser: Browser;
  let images: Awaited<ReturnType<typeof startImageServer>>;
  let n = 0;

  beforeAll(async () => {
    images = await startImageServer({ color: BRAND });
    stack = await startStack({ label: 'hosted-pages' });
    tenant = expectStatus(await stack.api('/v1/tenants', {
      key: stack.rootKey, body: { name: `Hosted ${Date.now()}`, app_origin: images.origin },
    }), 201, 'POST /v1/tenants').body;
    await patchPolicy(stack, tenant, {
      app: { name: APP, default_language: 'de' },
      branding: {
        logo_url: `${images.origin}/logo.png`, favicon_url: `${images.origin}/favicon.png`, primary_color: BRAND,
        footer: 'Acme Inc., 1 Main Street', support_url: 'mailto:help@acme.test',
      },
      // Room for one resend a minute; two wrong codes lock a request (the lock-out page).
      rate_limits: { email_per_minute: { points: 2, window_seconds: 60 }, failed_per_link: { points: 2, window_seconds: 3600 } },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await images?.close();
  });

  /** What every branded page must be: in `lang`, titled `h1`, accessible, 320 px wide, in the brand's look. */
  function expectBranded(r: PageReport, lang: string, h1: string, status: number, o: { buttons?: boolean } = {}): void {
    expect({ lang: r.lang, h1: r.h1, status: r.status, violations: r.violations, consoleErrors: r.consoleErrors })
      .toEqual({ lang, h1, status, violations: [], consoleErrors: [] });
    expect(r.scrollWidth).toBeLessThanOrEqual(320);
    expect(r.logo).toEqual({ src: `${images.origin}/logo.png`, alt: fill(CATALOGUES[lang as 'en'].pages.logoAlt, { app_name: APP }), naturalWidth: 160 });
    expect(r.csp).toContain(`img-src ${images.origin}; `);
    if (o.buttons !== false) expect(r.buttons.length).toBeGreaterThan(0);
    for (const b of r.buttons) expect([b.text, b.background, b.color]).toEqual([b.text, rgb(BRAND), WHITE]);
  }

  const link = (body: Record<string, unknown>) => createLink(stack, tenant.api_key, { send: false, ...body });

  describe.each(['en', 'es'] as const)('in %s', (lang) => {
    const t: Catalogue = CATALOGUES[lang];
    const p = t.pages;
    const app = { app_name: APP };
    let ctx: BrowserContext;

    beforeAll(async () => {
      ctx = await device(browser, { language: lang });
    });
    afterAll(async () => {
      await ctx?.close();
    });

    it('a link\'s confirm page, then the same link used: a way forward, not a dead end', async () => {
      const l = await link({ email: `confirm-${lang}@example.com`, language: lang });
      const page = await open(ctx, l.url!);
      const confirm = await inspect(page, `${lang}-confirm`);
      expectBranded(confirm, lang, fill(p.confirm.types.login.title, app), 200);
      expect(confirm.buttons.map((b) => b.text)).toEqual([p.confirm.types.login.button]);
      expect(confirm.csp).not.toContain('script-src');

      await page.click('button[type=submit]');
      await page.waitForURL((u) => u.href.startsWith(images.origin));
      await page.goto(l.url!);
      const used = await inspect(page, `${lang}-used`);
      expectBranded(used, lang, p.problems.used.title, 410);
      expect(used.buttons.map((b) => b.text)).toEqual([p.requestNewLink]);
      expect(await page.getAttribute('.actions a.button', 'href')).toBe(`/p/${tenant.slug}/sign-in`);
      expect(await page.getAttribute('.actions a.secondary', 'href')).toBe(images.origin);
      await page.close();
    });

    it('revoked and expired links say so and offer a new link', async () => {
      const revoked = await link({ email: `revoked-${lang}@example.com`, language: lang });
      expectStatus(await stack.api(`/v1/magic-links/${revoked.id}`, { method: 'DELETE', key: tenant.api_key }), 200, 'DELETE link');
      const page = await open(ctx, revoked.url!);
      expectBranded(await inspect(page, `${lang}-revoked`), lang, p.problems.revoked.title, 410);

      // The scheduler purges expired links every second; a KEY SHARE lock keeps this one to look at.
      const expired = await link({ email: `expired-${lang}@example.com`, language: lang });
      const client = await stack.db.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT id FROM magic_links WHERE id = $1 FOR KEY SHARE', [expired.id]);
        await stack.db.pool.query(`UPDATE magic_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
        await page.goto(expired.url!);
        const r = await inspect(page, `${lang}-expired`);
        expectBranded(r, lang, p.problems.expired.title, 410);
        expect(r.buttons.map((b) => b.text)).toEqual([p.requestNewLink]);
      } finally {
        await client.query('COMMIT');
        client.release();
      }
      await page.close();
    });

    it('a token that matches no link: Sesame\'s own look, in the browser\'s language', async () => {
      const page = await open(ctx, `${stack.baseUrl}/l/${'Z'.repeat(43)}`);
      const r = await inspect(page, `${lang}-invalid`);
      expect({ lang: r.lang, h1: r.h1, status: r.status, violations: r.violations, logo: r.logo }).toEqual({ lang, h1: p.problems.invalid.title, status: 404, violations: [], logo: null });
      expect(r.scrollWidth).toBeLessThanOrEqual(320);
      expect(r.csp).toContain("img-src 'none'; ");
      await page.close();
    });

    it('password reset: choose a new password, then the confirmation with the way back', async () => {
      const l = await link({ email: `reset-${lang}@example.com`, type: 'password_reset', language: lang });
      const page = await open(ctx, l.url!);
      expect(page.url()).toBe(`${l.url}/password`);
      expectBranded(await inspect(page, `${lang}-password`), lang, fill(p.password.title, app), 200);
      await page.fill('#password', 'short');
      await page.fill('#password_confirm', 'short');
      // The browser's own minlength check would stop the form: submit it as sent by an older browser.
      await page.evaluate(`document.querySelector('form').noValidate = true`);
      await page.click('button[type=submit]');
      const tooShort = await inspect(page, `${lang}-password-error`);
      expectBranded(tooShort, lang, fill(p.password.title, app), 400);
      expect(await page.textContent('[role=alert]')).toBe(fill(p.password.tooShort, { min: 12 }));

      await page.fill('#password', 'a brand new passphrase');
      await page.fill('#password_confirm', 'a brand new passphrase');
      await page.click('button[type=submit]');
      const changed = await inspect(page, `${lang}-password-changed`);
      expectBranded(changed, lang, p.password.changedTitle, 200);
      expect(changed.buttons.map((b) => b.text)).toEqual([fill(p.password.continue, app)]);
      await page.close();
    });

    it('sign-in: request, waiting with progress and a limited resend, cross-device confirm and approval, then completed', async () => {
      const email = `browser-${lang}-${++n}@example.com`;
      const page = await open(ctx, `${stack.baseUrl}/p/${tenant.slug}/sign-in`);
      expectBranded(await inspect(page, `${lang}-sign-in`), lang, fill(p.signIn.requestTitle, app), 200);
      await page.fill('input[name=email]', email);
      await page.click('button[type=submit]');
      await page.waitForURL(/\/sign-in\/[0-9a-f-]{36}\?m=/);

      const first = await inspect(page, `${lang}-waiting`);
      expectBranded(first, lang, p.signIn.waitingTitle, 200);
      // Live progress by a script of this origin (a reload every few seconds only without script).
      expect(first.csp).toContain("script-src 'self'; connect-src 'self';");
      expect(await page.locator('script').evaluateAll((s) => s.map((e) => e.getAttribute('src')))).toEqual(['/assets/sign-in-waiting.js']);
      expect(await page.textContent('[role=status]')).toMatch(new RegExp(`^${escapeRe(p.signIn.waitingStatus)}`));
      expect(await page.textContent('form[action$="/resend"]')).toContain(fill(p.signIn.resendLimit.other, { count: 5, window: lang === 'en' ? '1 hour' : '1 hora' }));

      // Resend: a new request (a new page), then over the address's limit the page says when to try again.
      const firstUrl = page.url();
      await page.click('form[action$="/resend"] button');
      await page.waitForURL((u) => u.href !== firstUrl && /\/sign-in\/[0-9a-f-]{36}\?m=/.test(u.href));
      await page.click('form[action$="/resend"] button');
      await page.waitForSelector('[role=alert]');
      const limited = await inspect(page, `${lang}-waiting-resend-limited`);
      expectBranded(limited, lang, p.signIn.waitingTitle, 429);
      expect(await page.textContent('[role=alert]')).toMatch(new RegExp(`^${escapeRe(p.signIn.resendWait.split('{{')[0])}`));

      // The latest link, opened on a phone in the same language: the confirm page, then approval.
      const waitingUrl = `${stack.baseUrl}${(await page.getAttribute('form[action$="/resend"]', 'action'))!.replace(/\/resend$/, '')}`;
      const matchCode = (await page.textContent('.match'))?.trim();
      const { token } = await mailFor(stack, email, 2);
      const phone = await device(browser, { language: lang });
      try {
        const confirm = await open(phone, `${stack.baseUrl}/l/${token}`);
        const c = await inspect(confirm, `${lang}-sign-in-confirm`);
        expectBranded(c, lang, fill(p.signIn.confirmTitle, app), 200);
        expect((await confirm.textContent('.match'))?.trim()).toBe(matchCode);
        await confirm.click('button[type=submit]');
        expectBranded(await inspect(confirm, `${lang}-sign-in-approved`), lang, p.signIn.approvedTitle, 200, { buttons: false });
      } finally {
        await phone.close();
      }
      await page.waitForURL((u) => u.href.startsWith(images.origin), { timeout: 20_000 });

      // The waiting page again: the sign-in is done; the next step is a new link.
      await page.goto(waitingUrl);
      const done = await inspect(page, `${lang}-sign-in-completed`);
      expectBranded(done, lang, p.signIn.ended.completed.title, 410);
      expect(done.buttons.map((b) => b.text)).toEqual([p.requestNewLink]);
      await page.close();
    });

    it('two wrong codes lock the request: the 429 page says when to try again', async () => {
      const page = await open(ctx, `${stack.baseUrl}/p/${tenant.slug}/sign-in`);
      await page.fill('input[name=email]', `locked-${lang}-${++n}@example.com`);
      await page.click('button[type=submit]');
      await page.waitForURL(/\/sign-in\/[0-9a-f-]{36}\?m=/);
      for (let i = 0; i < 3; i++) {
        await page.fill('input[name=code]', '000000');
        await page.click('form[action$="/code"] button');
        await page.waitForLoadState('load');
      }
      const r = await inspect(page, `${lang}-locked`);
      expectBranded(r, lang, p.problems.locked.title, 429, { buttons: false });
      await page.close();
    });

    it('the branding preview renders a proposed colour and logo for the console', async () => {
      const admin = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${tenant.api_key}` }, viewport: { width: 320, height: 640 } });
      try {
        const page = await admin.newPage();
        watch(page);
        await page.goto(`${stack.baseUrl}/v1/policy/branding/preview?page=sign_in&language=${lang}&primary_color=%237c2d12`);
        const r = await inspect(page, `${lang}-preview`);
        expect({ lang: r.lang, h1: r.h1, violations: r.violations }).toEqual({ lang, h1: fill(p.signIn.requestTitle, app), violations: [] });
        expect(r.buttons.map((b) => b.background)).toEqual([rgb('#7c2d12')]);
        expect(r.logo?.naturalWidth).toBe(160);
      } finally {
        await admin.close();
      }
    });
  });

  it('the page language: the link\'s, then Accept-Language, then the tenant default', async () => {
    const langOf = async (url: string, acceptLanguage: string) =>
      /<html lang="(\w+)">/.exec(await (await fetch(url, { headers: { 'accept-language': acceptLanguage } })).text())?.[1];
    const withEs = await link({ email: 'lang-es@example.com', language: 'es' });
    const without = await link({ email: 'lang-none@example.com' });
    expect(await langOf(withEs.url!, 'fr-FR,fr;q=0.9')).toBe('es');
    expect(await langOf(without.url!, 'fr-FR,fr;q=0.9')).toBe('fr');
    expect(await langOf(without.url!, 'ja')).toBe('de');
    expect(tokenOfUrl(without.url, stack.baseUrl)).toHaveLength(43);
  });

  it('a primary colour white text cannot be read on is refused on save', async () => {
    const res = await stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: { branding: { primary_color: '#ff5500' } } });
    expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    expect(JSON.stringify(res.body.error.details)).toContain('branding.primary_color');
  });
});

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
