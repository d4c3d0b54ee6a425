import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, chromium } from 'playwright-core';
import { startStack, Stack } from '@sesame/testing';
import { createLink, createTenant, eventually, expectStatus, linkTokens, sleep, Tenant } from './support/fixtures';

jest.setTimeout(180_000);

interface MailboxMessage { id: string; channel: string; to: string; from: string; subject: string; html: string; text: string; created_at: string }

/** The development mailbox (outbox transports): list, message page with sandboxed HTML and text views, JSON. */
describe('dev mailbox', () => {
  let stack: Stack;
  let tenant: Tenant;
  let browser: Browser;
  let beacon: Server;
  let beaconUrl = '';
  const beaconHits: string[] = [];

  beforeAll(async () => {
    // Anything hostile HTML manages to fetch or navigate to lands here.
    beacon = createServer((req, res) => {
      beaconHits.push(req.url ?? '');
      res.writeHead(200).end();
    });
    await new Promise<void>((r) => beacon.listen(0, '127.0.0.1', r));
    beaconUrl = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`;
    stack = await startStack({ label: 'dev-mailbox', env: { MAIL_TRANSPORT: 'outbox', SMS_TRANSPORT: 'outbox' } });
    tenant = await createTenant(stack);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((r) => beacon?.close(r));
  });

  async function messageTo(to: string): Promise<MailboxMessage> {
    const found = await eventually(async () => {
      const res = expectStatus(await stack.api<MailboxMessage[]>('/dev/mailbox/messages.json'), 200, 'GET /dev/mailbox/messages.json');
      return res.body.find((m) => m.to === to);
    }, 15_000, 100);
    if (!found) throw new Error(`no message to ${to} in the dev mailbox`);
    return found;
  }

  it('a sent link: the list links to the message, whose HTML view (sandboxed) and text view both carry the link', async () => {
    const email = `mailbox-${Date.now()}@example.com`;
    await createLink(stack, tenant.api_key, { email, send: true });
    const message = await messageTo(email);
    const [token] = linkTokens(message.text, stack.baseUrl);
    expect(token).toBeDefined();

    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      const list = await page.goto(`${stack.baseUrl}/dev/mailbox`);
      expect(list?.status()).toBe(200);
      const row = page.locator('tr', { hasText: email });
      await expect(row.locator('td').nth(1).textContent()).resolves.toBe('email');
      await row.locator('a').click();
      await page.waitForURL(`${stack.baseUrl}/dev/mailbox/${message.id}`);
      expect(await page.textContent('h1')).toBe(message.subject);
      expect(await page.textContent('dl')).toContain(email);

      const iframe = page.locator('iframe');
      expect(await iframe.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
      const frameLink = page.frameLocator('iframe').locator(`a[href="${stack.baseUrl}/l/${token}"]`).first();
      await frameLink.waitFor();
      expect(await page.locator('pre').locator(`a[href="${stack.baseUrl}/l/${token}"]`).count()).toBe(1);

      // A click in the HTML view opens the hosted confirm page (which refuses framing) in a new tab,
      // outside the sandbox: a real origin, so its form works.
      const [tab] = await Promise.all([ctx.waitForEvent('page'), frameLink.click()]);
      await tab.waitForURL(`${stack.baseUrl}/l/${token}`);
      expect(await tab.evaluate('window.origin')).toBe(stack.baseUrl);
      expect(await tab.locator('form button[type=submit]').count()).toBe(1);
    } finally {
      await ctx.close();
    }
  });

  it('hostile HTML in an email runs no script (inline, SVG, srcdoc, javascript: link), submits no form, fetches nothing but https images', async () => {
    const id = randomUUID();
    const hostile = `<!doctype html><html><head><meta http-equiv="refresh" content="0;url=${beaconUrl}/refresh">
<link rel="stylesheet" href="${beaconUrl}/css"></head><body>
<script>fetch('${beaconUrl}/fetch'); top.location = '${beaconUrl}/top';</script>
<img src="${beaconUrl}/img"><img src="x" onerror="top.location='${beaconUrl}/onerror'">
<form id="f" action="${beaconUrl}/form" method="post"><button id="go">Go</button></form>
<svg onload="alert('svg'); top.location='${beaconUrl}/svg'"><script>alert('svg script')</script></svg>
<iframe srcdoc="&lt;script&gt;alert('srcdoc'); top.location='${beaconUrl}/srcdoc'&lt;/script&gt;"></iframe>
<a id="js" href="javascript:alert('href'); top.location='${beaconUrl}/href'">js</a>
<p id="marker">hostile</p><script>alert('inline')</script></body></html>`;
    await stack.db.pool.query(
      `INSERT INTO dev_mailbox (id, to_address, from_address, subject, html, text) VALUES ($1, 'eve@example.com', 'eve@example.com', 'Hostile', $2, 'hostile')`,
      [id, hostile],
    );
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      expect((await page.goto(`${stack.baseUrl}/dev/mailbox/${id}`))?.status()).toBe(200);
      const frame = page.frameLocator('iframe').first();
      await frame.locator('#marker').waitFor();
      await frame.locator('#go').click();
      await frame.locator('#js').click();
      await sleep(1500);
      expect(page.url()).toBe(`${stack.baseUrl}/dev/mailbox/${id}`);
      expect(ctx.pages()).toHaveLength(1);
      expect(beaconHits).toEqual([]);
      expect(dialogs).toEqual([]);
    } finally {
      await ctx.close();
    }

    const html = await fetch(`${stack.baseUrl}/dev/mailbox/${id}/html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toBe(
      "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; sandbox allow-popups allow-popups-to-escape-sandbox; frame-ancestors 'self'",
    );
    expect(await html.text()).toContain('<head><base target="_blank">');
  });

  it('an sms shows as text, and every message is there as JSON', async () => {
    const phone = '+15555550142';
    await createLink(stack, tenant.api_key, { email: `sms-${Date.now()}@example.com`, phone, channel: 'sms', send: true });
    const sms = await messageTo(phone);
    expect(sms.channel).toBe('sms');
    expect(linkTokens(sms.text, stack.baseUrl)).toHaveLength(1);

    const json = expectStatus(await stack.api<MailboxMessage>(`/dev/mailbox/${sms.id}.json`), 200, 'GET /dev/mailbox/{id}.json');
    expect(json.body).toEqual(sms);
    const page = await stack.api<string>(`/dev/mailbox/${sms.id}`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<iframe');
    expect(page.body).toContain(`<a href="${stack.baseUrl}/l/`);
    const list = expectStatus(await stack.api<MailboxMessage[]>('/dev/mailbox/messages.json'), 200, 'messages.json').body;
    expect(list.map((m) => m.created_at)).toEqual([...list.map((m) => m.created_at)].sort().reverse());
  });

  it.each([
    ['an unknown id', randomUUID()],
    ['a malformed id', 'not-a-uuid'],
  ])('%s is a 404: page, html and JSON', async (_what, id) => {
    const page = await stack.api<string>(`/dev/mailbox/${id}`);
    expect(page.status).toBe(404);
    expect(page.body).toContain('Message not found');
    expect((await stack.api(`/dev/mailbox/${id}/html`)).status).toBe(404);
    const json = await stack.api(`/dev/mailbox/${id}.json`);
    expect(json.status).toBe(404);
    expect(json.body).toEqual({ error: expect.objectContaining({ code: 'not_found' }) });
  });
});
