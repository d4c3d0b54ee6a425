import { startStack, Stack } from '@sesame/testing';
import { createApiKey, createLink, createTenant, eventually, expectStatus, linkTokens, mailOf, mailPart, SendGridMail, Tenant } from './support/fixtures';

jest.setTimeout(120_000);

interface Template {
  type: string;
  language: string;
  source: 'default' | 'custom';
  subject: string;
  html: string;
  text: string;
  variables: Record<string, string>;
  updated_at: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { issues?: Array<{ field: string; message: string }>; retry_after?: number } };
}

const custom = {
  subject: '{{app_name}}: your sign-in link',
  html: '<p style="color:{{brand_color}}">Hello from {{app_name}}. {{short_message}}</p><p><a href="{{link}}">Continue</a> {{expires_in}}</p>',
  text: 'Hello from {{app_name}}. {{short_message}}\nContinue: {{link}}',
};

/** Template overrides as a tenant admin meets them: list, refuse unsafe ones, save, preview, test, send, delete. */
describe('mail template overrides', () => {
  let stack: Stack;
  let tenant: Tenant;
  const api = <T = unknown>(path: string, opts: { method?: string; body?: unknown } = {}) => stack.api<T>(path, { key: tenant.api_key, ...opts });
  const put = (body: unknown, path = '/v1/templates/login/en') => api<Template & ErrorBody>(path, { method: 'PUT', body });
  /** The one mail the fake SendGrid got for this address (waits for it). */
  async function mailTo(email: string): Promise<SendGridMail> {
    const sent = () => stack.sendgrid.requests.filter((r) => mailOf(r).personalizations[0].to[0].email === email);
    await eventually(async () => sent().length > 0, 15_000);
    expect(sent()).toHaveLength(1);
    return mailOf(sent()[0]);
  }

  beforeAll(async () => {
    stack = await startStack({ label: 'templates' });
    tenant = await createTenant(stack);
    // Tenant text with markup: it must arrive escaped in the HTML of the override.
    expectStatus(await api('/v1/policy', { method: 'PATCH', body: { app: { name: 'Acme <b>Bank</b>' }, branding: { primary_color: '#b33c00' } } }), 200, 'PATCH /v1/policy');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('lists every type and language on the default, and shows a default with its variables', async () => {
    const list = expectStatus(await api<{ data: Array<{ type: string; language: string; source: string }> }>('/v1/templates'), 200, 'GET /v1/templates').body;
    expect(list.data).toHaveLength(20);
    expect(list.data.every((t) => t.source === 'default')).toBe(true);
    const def = expectStatus(await api<Template>('/v1/templates/password_reset/fr'), 200, 'GET default').body;
    expect(def).toMatchObject({ type: 'password_reset', language: 'fr', source: 'default', updated_at: null });
    expect(def.html).toContain('<html lang="fr"');
    expect(def.text).toContain('{{link}}');
    expect(Object.keys(def.variables)).toEqual(expect.arrayContaining(['link', 'code', 'app_name', 'brand_color']));
  });

  it('refuses unsafe templates with 400 invalid_template naming every issue, and unknown paths with stable codes', async () => {
    const script = expectStatus(await put({ ...custom, html: `${custom.html}<script>alert(1)</script>` }), 400, 'PUT <script>').body;
    expect(script.error.code).toBe('invalid_template');
    expect(script.error.details?.issues).toEqual([{ field: 'html', message: 'script elements are not allowed' }]);

    const unknown = expectStatus(await put({ ...custom, text: `${custom.text} {{unknown}}` }), 400, 'PUT {{unknown}}').body;
    expect(unknown.error.code).toBe('invalid_template');
    expect(unknown.error.details?.issues).toEqual([{ field: 'text', message: expect.stringContaining('unknown variable {{unknown}}') }]);

    const many = expectStatus(await put({ subject: 'Hi {{{app_name}}}', html: '<a onclick="steal()">no link</a>', text: '' }), 400, 'PUT many').body;
    expect(many.error.details?.issues?.map((i) => i.field)).toEqual(['subject', 'html', 'html', 'text']);

    expect(expectStatus(await put(custom, '/v1/templates/teleport/en'), 400, 'unknown type').body.error.code).toBe('unknown_type');
    expect(expectStatus(await api<ErrorBody>('/v1/templates/login/it'), 400, 'unsupported language').body.error.code).toBe('unsupported_language');
    expect(expectStatus(await api<ErrorBody>('/v1/templates/login/en', { method: 'DELETE' }), 404, 'DELETE without override').body.error.code).toBe('not_found');
    expect((await api<Template>('/v1/templates/login/en')).body.source).toBe('default');
  });

  it('saves an override that link emails are then rendered from, with variables escaped', async () => {
    const saved = expectStatus(await put(custom), 200, 'PUT valid').body;
    expect(saved).toMatchObject({ type: 'login', language: 'en', source: 'custom', ...custom, updated_at: expect.any(String) });
    expect(expectStatus(await api<Template>('/v1/templates/login/en'), 200, 'GET custom').body).toEqual(saved);
    const list = (await api<{ data: Array<{ type: string; language: string; source: string }> }>('/v1/templates')).body;
    expect(list.data.filter((t) => t.source === 'custom').map((t) => `${t.type}/${t.language}`)).toEqual(['login/en']);

    const email = `override-${Date.now()}@example.com`;
    await createLink(stack, tenant.api_key, { email, send: true, short_message: '<img src=x onerror=alert(1)>' });
    const mail = await mailTo(email);
    const html = mailPart(mail, 'text/html');
    expect(mail.subject).toBe('Acme <b>Bank</b>: your sign-in link');
    expect(html).toContain('Hello from Acme &lt;b&gt;Bank&lt;/b&gt;.');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('color:#b33c00');
    expect(linkTokens(html, stack.baseUrl)).toHaveLength(1);
    expect(linkTokens(mailPart(mail, 'text/plain'), stack.baseUrl)).toEqual(linkTokens(html, stack.baseUrl));
  });

  it('previews unsaved templates, the saved one, and refuses an unsafe unsaved one', async () => {
    const unsaved = { subject: 'Preview for {{recipient}}', html: '<a href="{{link}}">{{action_name}}</a> code {{code}}', text: '{{link}} {{code}}' };
    const preview = expectStatus(await api<{ subject: string; html: string; text: string }>('/v1/templates/login/en/preview', {
      body: { ...unsaved, action_name: 'Approve <payment>' },
    }), 200, 'preview unsaved').body;
    expect(preview.html).toBe(`<a href="${stack.baseUrl}/l/sample-link-preview">Approve &lt;payment&gt;</a> code 123456`);
    expect(preview.text).toBe(`${stack.baseUrl}/l/sample-link-preview 123456`);
    // Previewing saved nothing.
    expect((await api<Template>('/v1/templates/login/en')).body.subject).toBe(custom.subject);

    const saved = expectStatus(await api<{ subject: string }>('/v1/templates/login/en/preview', { body: {} }), 200, 'preview saved').body;
    expect(saved.subject).toBe('Acme <b>Bank</b>: your sign-in link');
    const bad = expectStatus(await api<ErrorBody>('/v1/templates/login/en/preview', { body: { ...unsaved, html: '<script>x</script>{{link}}' } }), 400, 'preview unsafe').body;
    expect(bad.error.code).toBe('invalid_template');
  });

  it('sends a test through the tenant transport, marked as a test, and limits test sends per tenant', async () => {
    const to = `test-send-${Date.now()}@example.com`;
    const res = expectStatus(await api<{ id: string; to: string }>('/v1/templates/login/en/test-send', { body: { to } }), 202, 'test-send').body;
    expect(res).toEqual({ id: expect.any(String), to });
    const mail = await mailTo(to);
    expect(mail.subject).toBe('[Test] Acme <b>Bank</b>: your sign-in link');
    expect(mailPart(mail, 'text/plain')).toContain(`${stack.baseUrl}/l/sample-link-preview`);
    expect(linkTokens(mailPart(mail, 'text/html'), stack.baseUrl)).toEqual([]);

    expect(expectStatus(await api<ErrorBody>('/v1/templates/login/en/test-send', { body: { to: 'nope' } }), 400, 'bad to').body.error.code).toBe('validation_failed');
    for (let i = 1; i < 20; i++) {
      expectStatus(await api('/v1/templates/verify_email/de/test-send', { body: { to: `burst-${i}@example.com` } }), 202, `test-send ${i}`);
    }
    const limited = await api<ErrorBody>('/v1/templates/login/en/test-send', { body: { to } });
    expectStatus(limited, 429, '21st test send');
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
  });

  it('goes back to the default on DELETE', async () => {
    expect((await api('/v1/templates/login/en', { method: 'DELETE' })).status).toBe(204);
    expect(expectStatus(await api<Template>('/v1/templates/login/en'), 200, 'GET after delete').body).toMatchObject({ source: 'default', updated_at: null });
    const email = `default-${Date.now()}@example.com`;
    await createLink(stack, tenant.api_key, { email, send: true });
    const mail = await mailTo(email);
    expect(mail.subject).not.toContain('your sign-in link');
    expect(mailPart(mail, 'text/html')).toContain('<html lang="en"');
  });

  it('is for admin keys only', async () => {
    const linksOnly = await createApiKey(stack, tenant.api_key, ['magic_links:add']);
    const res = await stack.api<ErrorBody>('/v1/templates', { key: linksOnly });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('insufficient_scope');
  });
});
