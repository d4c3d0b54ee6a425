import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { startStack, Stack } from '@sesame/testing';
import { expectStatus, Tenant } from './support/fixtures';
import { mailFor } from './support/sign-in';

jest.setTimeout(180_000);

/** The hosted sign-in pages in a real Chromium: request, same-browser link, cross-device confirm, code. */
describe('hosted sign-in pages (Chromium)', () => {
  let stack: Stack;
  let tenant: Tenant;
  let browser: Browser;
  let app: Server;
  let CALLBACK_URL = '';
  let n = 0;

  beforeAll(async () => {
    // The app the browser lands on: a real local server (its callback page).
    app = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>App callback</h1>'));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    CALLBACK_URL = `${appOrigin}/auth/callback`;
    stack = await startStack({ label: 'sign-in-pages' });
    tenant = expectStatus(await stack.api('/v1/tenants', {
      key: stack.rootKey, body: { name: `Pages ${Date.now()}`, app_origin: appOrigin, allowed_redirect_urls: [CALLBACK_URL] },
    }), 201, 'POST /v1/tenants').body;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((r) => app?.close(r));
  });

  /** A browser profile: a "device". The pages work without JavaScript, so it is off. */
  const device = (): Promise<BrowserContext> => browser.newContext({ javaScriptEnabled: false });

  /** Fills the hosted request page; returns the waiting page and what it shows. */
  async function askOn(ctx: BrowserContext): Promise<{ page: Page; email: string; matchCode: string }> {
    const email = `browser-${++n}@example.com`;
    const page = await ctx.newPage();
    const res = await page.goto(`${stack.baseUrl}/p/${tenant.slug}/sign-in?redirect_url=${encodeURIComponent(CALLBACK_URL)}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.fill('input[name=email]', email);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/p\/[^/]+\/sign-in\/[0-9a-f-]{36}\?m=/);
    const matchCode = (await page.textContent('[aria-label="Match code"]'))?.trim() ?? '';
    expect(matchCode).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
    return { page, email, matchCode };
  }

  async function exchange(url: string): Promise<string> {
    const code = new URL(url).searchParams.get('code') ?? '';
    const res = expectStatus(await stack.api('/v1/magic-links/exchange', { key: tenant.api_key, body: { code } }), 200, 'exchange');
    return res.body.user.email;
  }

  it('same browser: the link goes straight to the app, no confirm click', async () => {
    const ctx = await device();
    try {
      const { page, email } = await askOn(ctx);
      const cookies = await ctx.cookies();
      expect(cookies.find((c) => c.name === '__Host-sesame_signin')).toEqual(expect.objectContaining({ httpOnly: true, secure: true, path: '/' }));
      const { token } = await mailFor(stack, email);
      await page.goto(`${stack.baseUrl}/l/${token}`);
      await page.waitForURL((u) => u.href.startsWith(CALLBACK_URL));
      expect(page.url()).toContain('code=rc_');
      expect(await exchange(page.url())).toBe(email);
    } finally {
      await ctx.close();
    }
  });

  it('another device: the confirm page shows the same match code; confirming there signs in the waiting page', async () => {
    const laptop = await device();
    const phone = await device();
    try {
      const { page: waiting, email, matchCode } = await askOn(laptop);
      const { token } = await mailFor(stack, email);
      const confirm = await phone.newPage();
      await confirm.goto(`${stack.baseUrl}/l/${token}`);
      expect((await confirm.textContent('[aria-label="Match code"]'))?.trim()).toBe(matchCode);
      expect(await confirm.locator('script').count()).toBe(0);
      await confirm.click('button[type=submit]');
      await confirm.waitForSelector('text=Sign-in approved');
      expect((await confirm.textContent('[aria-label="Match code"]'))?.trim()).toBe(matchCode);

      // The waiting page refreshes itself (no JavaScript) and lands on the app with a code.
      await waiting.waitForURL((u) => u.href.startsWith(CALLBACK_URL), { timeout: 15_000 });
      expect(await exchange(waiting.url())).toBe(email);
    } finally {
      await laptop.close();
      await phone.close();
    }
  });

  it('the 6-digit code typed on the waiting page signs in; a wrong one says how many attempts are left', async () => {
    const ctx = await device();
    try {
      const { page, email } = await askOn(ctx);
      const { code } = await mailFor(stack, email);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      await page.fill('input[name=code]', wrong);
      await page.click('form[action$="/code"] button');
      await page.waitForSelector('text=4 attempts left');
      await page.fill('input[name=code]', code);
      await page.click('form[action$="/code"] button');
      await page.waitForURL((u) => u.href.startsWith(CALLBACK_URL));
      expect(await exchange(page.url())).toBe(email);
    } finally {
      await ctx.close();
    }
  });
});
