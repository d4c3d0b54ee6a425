import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startStack, Stack } from '@sesame/testing';
import { device, inspect, launchChromium, open } from './support/browser';
import { APP_ORIGIN, createLink, eventually, expectStatus, linkTokens, Tenant } from './support/fixtures';

jest.setTimeout(600_000);

/** The console's screenshots, for docs/console.md. */
const DOC_IMAGES = join(__dirname, '..', '..', 'docs', 'img');

interface MailboxMessage { id: string; to: string; subject: string; text: string }
interface TenantWithAdmin extends Tenant { console_admin: { id: string; email: string; role: string } }

/**
 * The admin console in Debian's Chromium against the five real processes: sign-in through the
 * emailed link (read from the dev mailbox), then one journey per screen that changes something
 * and is checked through the API; axe-core on every screen; a viewer and another tenant refused
 * by the API itself.
 */
describe('admin console in Chromium', () => {
  let stack: Stack;
  let a: TenantWithAdmin;
  let b: TenantWithAdmin;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack({ label: 'console-browser', env: { MAIL_TRANSPORT: 'outbox', CONSOLE_OPERATOR_TENANT: 'operators' } });
    a = await createTenantWithAdmin('Console A', 'ada@a.example');
    b = await createTenantWithAdmin('Console B', 'bob@b.example');
    browser = await launchChromium();
    admin = await device(browser, { width: 1024 });
    page = await signIn(admin, a, 'ada@a.example', 'console-sign-in');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function createTenantWithAdmin(name: string, email: string): Promise<TenantWithAdmin> {
    const res = await stack.api<TenantWithAdmin>('/v1/tenants', {
      key: stack.rootKey, body: { name, app_origin: APP_ORIGIN, console_admin_email: email },
    });
    return expectStatus(res, 201, 'POST /v1/tenants with console_admin_email').body;
  }

  async function linkFromMailbox(to: string, seen = new Set<string>()): Promise<string> {
    const message = await eventually(async () => {
      const list = expectStatus(await stack.api<MailboxMessage[]>('/dev/mailbox/messages.json'), 200, 'dev mailbox').body;
      return list.find((m) => m.to === to && !seen.has(m.id));
    }, 20_000, 200);
    if (!message) throw new Error(`no sign-in email to ${to}`);
    const full = expectStatus(await stack.api<MailboxMessage>(`/dev/mailbox/${message.id}.json`), 200, 'dev mailbox message').body;
    const [token] = linkTokens(full.text, stack.baseUrl);
    return `${stack.baseUrl}/l/${token}`;
  }

  /** The whole sign-in: the form, the emailed link, its confirm page, the console. */
  async function signIn(ctx: BrowserContext, tenant: Tenant, email: string, screenshot?: string): Promise<Page> {
    const p = await open(ctx, `${stack.baseUrl}/console/`);
    await p.getByLabel('Tenant').fill(tenant.slug);
    await p.getByLabel('Email').fill(email);
    if (screenshot) await checkScreen(p, screenshot);
    await p.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await p.getByRole('status').waitFor();
    expect(await p.getByRole('status').textContent()).toContain('a sign-in link is on its way');
    await p.goto(await linkFromMailbox(email));
    await p.locator('form button[type=submit]').click();
    await p.waitForURL(`${stack.baseUrl}/console/`);
    await p.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    return p;
  }

  /** axe-core: no serious or critical violation; nothing wider than the screen; a screenshot for the docs. */
  async function checkScreen(p: Page, name: string): Promise<void> {
    const report = await inspect(p, name);
    expect(report.violations).toEqual([]);
    // Nothing wider than a phone's screen (wide tables scroll inside their own box).
    const tooWide = await p.evaluate<string[]>(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap table'))
      .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')).slice(0, 8)`);
    expect({ name, scrollWidth: report.scrollWidth, tooWide }).toEqual({ name, scrollWidth: report.viewportWidth, tooWide: [] });
    expect(report.consoleErrors).toEqual([]);
    mkdirSync(DOC_IMAGES, { recursive: true });
    copyFileSync(report.screenshot, join(DOC_IMAGES, `${name}.png`));
  }

  async function go(p: Page, path: string, title: string): Promise<void> {
    await p.goto(`${stack.baseUrl}/console/#/${path}`);
    await p.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  /** A request from inside the console page (its cookie; the CSRF token only when `csrf`). */
  async function fromPage(p: Page, method: string, path: string, o: { csrf?: boolean; body?: unknown } = {}): Promise<{ status: number; body: { error?: { code: string } } }> {
    return p.evaluate(`(async () => {
      const s = await (await fetch('/console/api/session')).json();
      const headers = { 'content-type': 'application/json' };
      if (${o.csrf === true}) headers['x-csrf-token'] = s.csrf_token;
      const r = await fetch(${JSON.stringify(path)}, { method: ${JSON.stringify(method)}, headers, body: ${o.body === undefined ? 'undefined' : JSON.stringify(JSON.stringify(o.body))} });
      return { status: r.status, body: await r.json().catch(() => ({})) };
    })()`);
  }

  it('sign-in answers the same for an address that is not a console user, and sends it nothing', async () => {
    // Tenant B's admin: ada's sign-in in beforeAll counts against her per-address limit.
    const known = await stack.api('/console/api/sign-in', { body: { tenant: b.slug, email: 'bob@b.example' } });
    const unknown = await stack.api('/console/api/sign-in', { body: { tenant: b.slug, email: 'nobody@b.example' } });
    const noTenant = await stack.api('/console/api/sign-in', { body: { tenant: 'no-such-tenant', email: 'bob@b.example' } });
    for (const r of [known, unknown, noTenant]) expect({ status: r.status, body: r.body }).toEqual({ status: 202, body: { accepted: true } });
    const bad = await stack.api('/console/api/sign-in', { body: { tenant: b.slug, email: 'not-an-email' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toEqual([{ field: 'email', message: 'email must be an email address' }]);
    // The requests were handled in order: once bob's link is in the mailbox, nobody's would be too.
    await linkFromMailbox('bob@b.example');
    const list = expectStatus(await stack.api<MailboxMessage[]>('/dev/mailbox/messages.json'), 200, 'dev mailbox').body;
    expect(list.filter((m) => m.to === 'nobody@b.example')).toEqual([]);
  });

  it('the session cookie is HttpOnly, Secure, SameSite=Strict; mutations need the CSRF token', async () => {
    const [cookie] = (await admin.cookies()).filter((c) => c.name === '__Host-sesame_console');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    const link = await createLink(stack, a.api_key, { email: 'csrf@a.example', send: false });
    expect((await fromPage(page, 'DELETE', `/v1/magic-links/${link.id}`)).status).toBe(403);
    expect((await stack.api(`/v1/magic-links/${link.id}`, { key: a.api_key })).body.status).toBe('active');
  });

  it('API keys: create (shown once), rotate with no overlap (old key refused), revoke (new key refused)', async () => {
    await go(page, 'api-keys', 'API keys');
    await checkScreen(page, 'console-api-keys');
    await page.getByLabel('Name').fill('ci deploys');
    await page.getByRole('button', { name: 'Create key' }).click();
    const first = (await page.getByTestId('new-key').textContent())!;
    expect(first).toMatch(/^sk_/);
    expectStatus(await stack.api('/v1/magic-links', { key: first }), 200, 'the new key works');
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByLabel(/Overlap when rotating/).fill('0');
    await page.getByRole('button', { name: /^Rotate ci deploys/ }).click();
    await page.getByTestId('new-key').waitFor();
    const second = (await page.getByTestId('new-key').textContent())!;
    expect(second).not.toBe(first);
    expect(await eventually(async () => ((await stack.api('/v1/magic-links', { key: first })).status === 401 ? true : undefined), 10_000)).toBe(true);
    expectStatus(await stack.api('/v1/magic-links', { key: second }), 200, 'the rotated key works');
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: /^Revoke ci deploys/ }).click();
    await page.getByRole('button', { name: /^Confirm revoking ci deploys/ }).click();
    expect(await eventually(async () => ((await stack.api('/v1/magic-links', { key: second })).status === 401 ? true : undefined), 10_000)).toBe(true);
    await page.getByRole('button', { name: /^Rotate ci deploys/ }).waitFor({ state: 'detached' });
  });

  it('API keys: bad input gets the API\'s message next to the field, and nothing is created', async () => {
    await go(page, 'api-keys', 'API keys');
    const before = (await stack.api('/v1/api-keys', { key: a.api_key })).body.data.length;
    await page.getByRole('button', { name: 'Create key' }).click();
    await expectFieldError(page, 'Name', 'name must be longer than or equal to 1 characters');
    expect((await stack.api('/v1/api-keys', { key: a.api_key })).body.data.length).toBe(before);
  });

  it('links: search by email, one link\'s story, revoke (checked through the API)', async () => {
    const link = await createLink(stack, a.api_key, { email: 'carol@a.example', send: false });
    await go(page, 'links', 'Links');
    await page.getByLabel('User email').fill('carol@a.example');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Story of the link to carol@a.example' }).click();
    await page.getByRole('region', { name: 'Story of a link' }).waitFor();
    await checkScreen(page, 'console-links');
    await page.getByRole('button', { name: 'Revoke the link to carol@a.example' }).click();
    expect(await eventually(async () => ((await stack.api(`/v1/magic-links/${link.id}`, { key: a.api_key })).body.status === 'revoked' ? true : undefined), 10_000)).toBe(true);
  });

  it('policy: a refused redirect URL shows the API\'s message and saves nothing; a good one is saved', async () => {
    await go(page, 'policy', 'Policy');
    await page.getByLabel('Allowed redirect URL').fill('https://a.example@evil.example/cb');
    await page.getByRole('button', { name: 'Add URL' }).click();
    const message = await expectFieldError(page, 'Allowed redirect URL', /./);
    expect(message.length).toBeGreaterThan(5);
    expect((await stack.api('/v1/policy', { key: a.api_key })).body.redirect.allowed_urls).toEqual([]);

    await page.getByLabel('Allowed redirect URL').fill('https://app.a.example/auth/callback');
    await page.getByRole('button', { name: 'Add URL' }).click();
    await page.getByText('https://app.a.example/auth/callback', { exact: true }).waitFor();
    const policy = (await stack.api('/v1/policy', { key: a.api_key })).body;
    expect(policy.redirect).toMatchObject({ enabled: true, allowed_urls: ['https://app.a.example/auth/callback'] });

    // Branding: a bad colour is refused beside its field; the preview opens the hosted page in the proposed colour.
    await page.getByLabel('Primary colour').fill('blue');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await expectFieldError(page, 'Primary colour', /./);
    await page.getByLabel('Primary colour').fill('#7a1f5c');
    const [preview] = await Promise.all([admin.waitForEvent('page'), page.getByRole('link', { name: /Preview the sign-in page/ }).click()]);
    await preview.waitForLoadState();
    expect(await preview.content()).toContain('#7a1f5c');
    await preview.close();
    await page.getByRole('button', { name: 'Save branding' }).click();
    expect(await eventually(async () => (await stack.api('/v1/policy', { key: a.api_key })).body.branding?.primary_color === '#7a1f5c' || undefined, 10_000)).toBe(true);
    await checkScreen(page, 'console-policy');
  });

  it('webhooks: add an endpoint (secret once), send a test event, see its delivery and replay it (same webhook-id again)', async () => {
    await go(page, 'webhooks', 'Webhooks');
    await page.getByLabel('Endpoint URL').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expectFieldError(page, 'Endpoint URL', /./);
    expect((await stack.api('/v1/webhook-endpoints', { key: a.api_key })).body.data).toEqual([]);

    await page.getByLabel('Endpoint URL').fill(stack.receiver.url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const firstSecret = (await page.getByTestId('webhook-secret').textContent())!;
    expect(firstSecret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: `Rotate secret of ${stack.receiver.url}` }).click();
    const secondSecret = (await page.getByTestId('webhook-secret').textContent())!;
    expect(secondSecret).toMatch(/^whsec_/);
    expect(secondSecret).not.toBe(firstSecret);
    expect((await stack.api('/v1/webhook-endpoints', { key: a.api_key })).body.data[0].previous_secret_expires_at).not.toBeNull();
    await page.getByRole('button', { name: 'Done' }).click();
    const before = stack.receiver.received.length;
    await page.getByRole('button', { name: `Send test event to ${stack.receiver.url}` }).click();
    const [ping] = (await stack.receiver.waitFor((r) => r.slice(before).some((w) => w.body.includes('webhook.ping')), 20_000))
      .slice(before).filter((w) => w.body.includes('webhook.ping'));
    const webhookId = ping.headers['webhook-id'];

    await page.getByRole('button', { name: `Deliveries to ${stack.receiver.url}` }).click();
    const replayButton = page.getByRole('button', { name: `Replay webhook.ping ${webhookId}` });
    await replayButton.waitFor();
    await checkScreen(page, 'console-webhooks');
    await replayButton.click();
    await stack.receiver.waitFor((r) => r.filter((w) => w.headers['webhook-id'] === webhookId).length >= 2, 20_000);
    const endpoint = (await stack.api('/v1/webhook-endpoints', { key: a.api_key })).body.data[0];
    const deliveries = (await stack.api(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, { key: a.api_key })).body.data;
    expect(deliveries.find((d: { id: string }) => d.id === webhookId)).toMatchObject({ replays: 1 });
  });

  it('templates: a broken template is refused beside its field and not saved; a saved one is used by the next email', async () => {
    await go(page, 'templates', 'Templates');
    await page.getByLabel('Link type').selectOption('verify_email');
    const html = page.getByLabel('HTML', { exact: true });
    await page.getByTestId('preview-subject').waitFor();
    await html.fill('<p>No link here</p>');
    await page.getByRole('button', { name: 'Save template' }).click();
    await expectFieldError(page, 'HTML', /link/);
    expect((await stack.api('/v1/templates/verify_email/en', { key: a.api_key })).body.source).toBe('default');

    await page.getByLabel('Link type').selectOption('login');
    await page.getByTestId('preview-subject').waitFor();
    await page.getByLabel('Subject', { exact: true }).fill('Console-made sign-in for {{app_name}}');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Console-made sign-in for Console A').waitFor();
    await page.getByRole('button', { name: 'mobile (360 px)' }).click();
    await checkScreen(page, 'console-templates');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Saved: the next email').waitFor();

    await createLink(stack, a.api_key, { email: 'tina@a.example', send: true });
    const mail = await eventually(async () => {
      const list = expectStatus(await stack.api<MailboxMessage[]>('/dev/mailbox/messages.json'), 200, 'dev mailbox').body;
      return list.find((m) => m.to === 'tina@a.example');
    }, 20_000, 200);
    expect(mail?.subject).toBe('Console-made sign-in for Console A');

    await page.getByLabel('Send a test to').fill('tess@a.example');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('Test email queued to tess@a.example.').waitFor();
    const test = await eventually(async () => {
      const list = expectStatus(await stack.api<MailboxMessage[]>('/dev/mailbox/messages.json'), 200, 'dev mailbox').body;
      return list.find((m) => m.to === 'tess@a.example');
    }, 20_000, 200);
    expect(test?.subject).toContain('Console-made sign-in for Console A');
  });

  it('overview: the charts count what the audit log holds, over 24 h and 7 d', async () => {
    await go(page, 'overview', 'Overview');
    const created = (await stack.api('/v1/audit-events?type=magiclink.created&limit=100', { key: a.api_key })).body.data.length;
    expect(created).toBeGreaterThan(3);
    await page.getByTestId('total-links_created').waitFor();
    expect(Number(await page.getByTestId('total-links_created').textContent())).toBe(created);
    await page.getByRole('img', { name: /^Links created:/ }).waitFor();
    await checkScreen(page, 'console-overview');
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await page.getByText('in the last 7 days').first().waitFor();
    expect(Number(await page.getByTestId('total-links_created').textContent())).toBe(created);
    const api = (await stack.api('/v1/stats/overview?window=7d', { key: a.api_key })).body;
    expect(api).toMatchObject({ window: '7d', bucket: 'day' });
    expect(api.buckets).toHaveLength(7);
    expect((await stack.api('/v1/stats/overview?window=1y', { key: a.api_key })).status).toBe(400);
  });

  it('audit log: filtered by type, it shows the console\'s own key revocation with the console user as actor', async () => {
    await go(page, 'audit', 'Audit log');
    await page.getByLabel('Event type').fill('api_key.revoked');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('cell', { name: 'api_key.revoked' }).first().waitFor();
    expect(await page.getByRole('cell', { name: `console user ${a.console_admin.id}` }).count()).toBeGreaterThan(0);
    const api = (await stack.api('/v1/audit-events?type=api_key.revoked', { key: a.api_key })).body.data;
    expect(api[0].data.console_user_id).toBe(a.console_admin.id);
    await checkScreen(page, 'console-audit');
  });

  it('users: add an end user, disable them (checked through the API), see their links and audit', async () => {
    await go(page, 'end-users', 'Users');
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByRole('button', { name: 'Add user' }).click();
    await expectFieldError(page, 'Email', /email/);
    await page.getByLabel('Email', { exact: true }).fill('uma@a.example');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('button', { name: 'Disable uma@a.example' }).click();
    await page.getByRole('button', { name: 'Enable uma@a.example' }).waitFor();
    const [uma] = (await stack.api('/v1/users?email=uma@a.example', { key: a.api_key })).body.data;
    expect(uma.status).toBe('disabled');
    await page.getByRole('button', { name: 'Activity of uma@a.example' }).click();
    await page.getByRole('region', { name: 'Activity of a user' }).getByText('user.created').waitFor();
    await checkScreen(page, 'console-end-users');
  });

  it('console users: add a viewer, who signs in read-only; the API refuses every change with 403', async () => {
    await go(page, 'users', 'Console users');
    await page.getByLabel('Email', { exact: true }).fill('vera@a.example');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'vera@a.example', exact: true }).waitFor();
    await checkScreen(page, 'console-users');
    const listed = (await stack.api('/v1/console-users', { key: a.api_key })).body.data;
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'vera@a.example', role: 'viewer', disabled: false })]));

    const viewerCtx = await device(browser, { width: 390 });
    try {
      const viewer = await signIn(viewerCtx, a, 'vera@a.example');
      const link = await createLink(stack, a.api_key, { email: 'dan@a.example', send: false });
      await go(viewer, 'links', 'Links');
      await viewer.getByRole('cell', { name: 'dan@a.example', exact: true }).first().waitFor();
      // The UI offers no change: no admin screens, no revoke button.
      expect(await viewer.getByRole('link', { name: 'API keys' }).count()).toBe(0);
      expect(await viewer.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
      await checkScreen(viewer, 'console-viewer-phone');
      // And the API refuses each change, CSRF token and all.
      for (const [method, path, body] of [
        ['DELETE', `/v1/magic-links/${link.id}`, undefined],
        ['POST', '/v1/api-keys', { name: 'x', scopes: ['admin'] }],
        ['PATCH', '/v1/policy', { links: { login: { ttl_seconds: 60 } } }],
        ['POST', '/v1/console-users', { email: 'x@a.example', role: 'admin' }],
        ['POST', '/v1/magic-links', { email: 'x@a.example', send: false }],
      ] as const) {
        const r = await fromPage(viewer, method, path, { csrf: true, body });
        expect({ method, path, status: r.status }).toEqual({ method, path, status: 403 });
      }
      expect((await fromPage(viewer, 'GET', '/v1/api-keys')).status).toBe(403);
      expect((await stack.api(`/v1/magic-links/${link.id}`, { key: a.api_key })).body.status).toBe('active');
    } finally {
      await viewerCtx.close();
    }
  });

  it('tenant A\'s session cannot read tenant B, nor reach operator routes (403)', async () => {
    const bLink = await createLink(stack, b.api_key, { email: 'eve@b.example', send: false });
    expect((await fromPage(page, 'GET', `/v1/magic-links/${bLink.id}`)).status).toBe(404);
    const listed = await fromPage(page, 'GET', '/v1/magic-links?limit=100');
    expect(JSON.stringify(listed.body)).not.toContain(bLink.id);
    expect((await fromPage(page, 'GET', '/v1/tenants')).status).toBe(403);
  });

  it('operators: an admin of CONSOLE_OPERATOR_TENANT lists, creates (with its first console admin) and disables tenants', async () => {
    const ops = await createTenantWithAdmin('Operators', 'olga@ops.example');
    expect(ops.slug).toBe('operators');
    const ctx = await device(browser, { width: 1024 });
    try {
      const op = await signIn(ctx, ops, 'olga@ops.example');
      await go(op, 'tenants', 'Tenants (operator)');
      await op.getByLabel('Name', { exact: true }).fill('Console C');
      await op.getByLabel('App origin').fill('not a url');
      await op.getByRole('button', { name: 'Create tenant' }).click();
      await expectFieldError(op, 'App origin', /./);
      await op.getByLabel('App origin').fill('https://app.c.example');
      await op.getByLabel('First console admin (email)').fill('cleo@c.example');
      await op.getByRole('button', { name: 'Create tenant' }).click();
      expect(await op.getByTestId('tenant-key').textContent()).toMatch(/^sk_/);
      await op.getByRole('button', { name: 'Done' }).click();
      const [c] = (await stack.api('/v1/tenants?q=Console%20C', { key: stack.rootKey })).body.data;
      expect(c).toMatchObject({ name: 'Console C', status: 'active' });
      await op.getByRole('button', { name: `Disable ${c.slug}` }).click();
      await op.getByRole('button', { name: `Enable ${c.slug}` }).waitFor();
      expect((await stack.api(`/v1/tenants/${c.id}`, { key: stack.rootKey })).body.status).toBe('disabled');
      await checkScreen(op, 'console-tenants');
      // The operator screen is not offered to a tenant admin, and the API refuses their session.
      expect(await page.getByRole('link', { name: /Tenants/ }).count()).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('npm run console:user adds a console user to a tenant by slug (root key)', async () => {
    const script = join(__dirname, '..', '..', 'scripts', 'console-user.mjs');
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--tenant', b.slug, '--email', 'cli@b.example', '--role', 'viewer', '--gateway', stack.baseUrl], {
      env: { ...process.env, SESAME_ROOT_API_KEY: stack.rootKey },
    });
    expect(stdout).toContain('cli@b.example can sign in');
    const missing = await stack.api('/v1/tenants/00000000-0000-4000-8000-000000000000/console-users', { key: stack.rootKey, body: { email: 'x@b.example', role: 'admin' } });
    expect(missing.status).toBe(404);
    const twice = await stack.api(`/v1/tenants/${b.id}/console-users`, { key: stack.rootKey, body: { email: 'cli@b.example', role: 'admin' } });
    expect({ status: twice.status, code: twice.body.error.code }).toEqual({ status: 409, code: 'conflict' });
    const listed = (await stack.api('/v1/console-users', { key: b.api_key })).body.data;
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'cli@b.example', role: 'viewer' })]));
  });

  it('disabling a user ends their sessions at once; signing out ends one', async () => {
    const other = await device(browser, { width: 1024 });
    try {
      const created = expectStatus(await stack.api('/v1/console-users', { key: a.api_key, body: { email: 'otto@a.example', role: 'admin' } }), 201, 'POST console user').body;
      const otto = await signIn(other, a, 'otto@a.example');
      expect((await fromPage(otto, 'GET', '/v1/api-keys')).status).toBe(200);
      expectStatus(await stack.api(`/v1/console-users/${created.id}`, { method: 'PATCH', key: a.api_key, body: { disabled: true } }), 200, 'disable');
      expect((await fromPage(otto, 'GET', '/v1/api-keys')).status).toBe(401);
    } finally {
      await other.close();
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to the Sesame console' }).waitFor();
    expect((await fromPage(page, 'GET', '/console/api/session')).status).toBe(401);
  });
});

async function expectFieldError(page: Page, label: string, message: string | RegExp): Promise<string> {
  const field = page.getByLabel(label, { exact: true });
  await eventuallyTrue(async () => (await field.getAttribute('aria-invalid')) === 'true');
  const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ').pop()!;
  const text = (await page.locator(`[id="${describedBy}"]`).textContent()) ?? '';
  if (typeof message === 'string') expect(text).toBe(message);
  else expect(text).toMatch(message);
  return text;
}

async function eventuallyTrue(fn: () => Promise<boolean>): Promise<void> {
  expect(await eventually(async () => ((await fn()) ? true : undefined), 10_000, 100)).toBe(true);
}
