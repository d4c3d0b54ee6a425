import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SesameError } from '@sesame/domain';
import type { Actor } from '@sesame/messaging';
import { PolicyService } from '../policy/policy.service';
import { TenantService } from '../tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from '../testing/token-service-context';
import { MailTemplateService } from './mail-template.service';
import { TEST_SENDS_PER_WINDOW, TemplateTestSendService } from './template-test-send.service';

const custom = {
  subject: 'Your {{app_name}} link',
  html: '<p style="color:{{brand_color}}">Hi {{recipient}}, <a href="{{link}}">sign in</a> ({{code}}) {{expires_in}}. {{short_message}}</p>',
  text: 'Sign in: {{link}}',
};

async function rejection(p: Promise<unknown>): Promise<{ code: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SesameError) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('expected a SesameError');
}

describe('template overrides (integration)', () => {
  let ctx: TokenServiceContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let templates: MailTemplateService;
  let testSends: TemplateTestSendService;
  let tenantA: string;
  let tenantB: string;
  const actor: Actor = { apiKeyId: null, ip: '198.51.100.9', userAgent: 'jest' };
  const newTenant = async (name: string) =>
    (await app.get(TenantService).create({ requestId: randomUUID(), name: `${name} ${randomUUID().slice(0, 6)}`, appOrigin: 'https://app.example.com' })).id;

  beforeAll(async () => {
    ctx = await startTokenServiceContext('mailtemplates', {
      PUBLIC_BASE_URL: 'https://auth.example.com',
      // The test-send burst below queues 20 transactions on one tenant lock behind a pool of 10;
      // on a loaded CI machine the default 2 s wait for a connection is not enough.
      DB_ACQUIRE_TIMEOUT_MS: '30000',
    });
    ({ app, ds } = ctx);
    templates = app.get(MailTemplateService);
    testSends = app.get(TemplateTestSendService);
  }, 30_000);

  beforeEach(async () => {
    tenantA = await newTenant('Acme');
    tenantB = await newTenant('Bravo');
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('lists every type × language as default, then the saved one as custom', async () => {
    const before = await templates.list({ tenantId: tenantA });
    expect(before.data).toHaveLength(20);
    expect(new Set(before.data.map((t) => t.source))).toEqual(new Set(['default']));

    await templates.put({ tenantId: tenantA, type: 'login', language: 'fr', actor, ...custom });
    const after = await templates.list({ tenantId: tenantA });
    const customs = after.data.filter((t) => t.source === 'custom');
    expect(customs).toEqual([{ type: 'login', language: 'fr', source: 'custom', updated_at: expect.any(String) }]);
  });

  it('shows the compiled default until an override is saved, then the override, then the default again', async () => {
    const def = await templates.get({ tenantId: tenantA, type: 'verify_email', language: 'de' });
    expect(def).toMatchObject({ type: 'verify_email', language: 'de', source: 'default', updated_at: null });
    expect(def.html).toContain('<html lang="de"');
    expect(def.html).not.toContain('<mj-');
    expect(def.variables).toHaveProperty('link');

    const saved = await templates.put({ tenantId: tenantA, type: 'verify_email', language: 'de', actor, ...custom });
    expect(saved).toMatchObject({ source: 'custom', ...custom });
    expect(await templates.get({ tenantId: tenantA, type: 'verify_email', language: 'de' })).toEqual(saved);

    await templates.delete({ tenantId: tenantA, type: 'verify_email', language: 'de', actor });
    expect((await templates.get({ tenantId: tenantA, type: 'verify_email', language: 'de' })).source).toBe('default');
    expect(await rejection(templates.delete({ tenantId: tenantA, type: 'verify_email', language: 'de', actor }))).toMatchObject({ code: 'not_found' });
  });

  it('keeps one tenant\'s override away from another tenant', async () => {
    await templates.put({ tenantId: tenantA, type: 'login', language: 'en', actor, ...custom });
    expect((await templates.get({ tenantId: tenantB, type: 'login', language: 'en' })).source).toBe('default');
    expect((await templates.list({ tenantId: tenantB })).data.every((t) => t.source === 'default')).toBe(true);
    expect((await templates.preview({ tenantId: tenantB, type: 'login', language: 'en' })).subject).not.toContain('link');
    expect(await rejection(templates.delete({ tenantId: tenantB, type: 'login', language: 'en', actor }))).toMatchObject({ code: 'not_found' });
    expect((await templates.get({ tenantId: tenantA, type: 'login', language: 'en' })).source).toBe('custom');
  });

  it('refuses an unsafe template with every issue, saving nothing', async () => {
    const err = await rejection(templates.put({
      tenantId: tenantA, type: 'login', language: 'en', actor, subject: 'Hi', html: '<script>x</script>{{link}} {{nope}}', text: '{{{link}}}',
    }));
    expect(err.code).toBe('invalid_template');
    expect((err.details?.issues as { field: string }[]).map((i) => i.field).sort()).toEqual(['html', 'html', 'text', 'text']);
    expect(await ds.query(`SELECT 1 FROM mail_templates WHERE tenant_id = $1`, [tenantA])).toEqual([]);
    expect(await ds.query(`SELECT 1 FROM audit_events WHERE tenant_id = $1 AND action LIKE 'template.%'`, [tenantA])).toEqual([]);
  });

  it('refuses an unknown type or language with a stable code', async () => {
    expect(await rejection(templates.get({ tenantId: tenantA, type: 'magic', language: 'en' }))).toMatchObject({ code: 'unknown_type' });
    expect(await rejection(templates.put({ tenantId: tenantA, type: 'login', language: 'xx', actor, ...custom }))).toMatchObject({ code: 'unsupported_language' });
  });

  it('audits saves and deletes with type and language only', async () => {
    await templates.put({ tenantId: tenantA, type: 'login', language: 'es', actor, ...custom });
    await templates.delete({ tenantId: tenantA, type: 'login', language: 'es', actor });
    const rows = await ds.query(`SELECT action, data, ip FROM audit_events WHERE tenant_id = $1 AND action LIKE 'template.%' ORDER BY id`, [tenantA]);
    expect(rows).toEqual([
      { action: 'template.updated', data: { type: 'login', language: 'es' }, ip: actor.ip },
      { action: 'template.deleted', data: { type: 'login', language: 'es' }, ip: actor.ip },
    ]);
  });

  it('previews unsaved, saved and default templates with sample values and the tenant\'s branding', async () => {
    await app.get(PolicyService).update({ tenantId: tenantA, actor, patch: { app: { name: 'Acme <Corp>' }, branding: { primary_color: '#b33c00' } } });
    const unsaved = await templates.preview({ tenantId: tenantA, type: 'login', language: 'en', template: custom, shortMessage: 'Hi & bye' });
    expect(unsaved.subject).toBe('Your Acme <Corp> link');
    expect(unsaved.html).toContain('href="https://auth.example.com/l/sample-link-preview"');
    expect(unsaved.html).toContain('(123456)');
    expect(unsaved.html).toContain('color:#b33c00');
    expect(unsaved.html).toContain('Hi &amp; bye');
    expect(unsaved.html).toContain('in 15 minutes');

    const def = await templates.preview({ tenantId: tenantA, type: 'login', language: 'en' });
    expect(def.html).toContain('Acme &lt;Corp&gt;');
    await templates.put({ tenantId: tenantA, type: 'login', language: 'en', actor, ...custom });
    expect((await templates.preview({ tenantId: tenantA, type: 'login', language: 'en' })).text).toBe('Sign in: https://auth.example.com/l/sample-link-preview');

    const bad = await rejection(templates.preview({ tenantId: tenantA, type: 'login', language: 'en', template: { ...custom, html: '<a onclick="x">{{link}}</a>' } }));
    expect(bad.code).toBe('invalid_template');
  });

  it('queues test sends through the outbox with ids only, at most TEST_SENDS_PER_WINDOW an hour per tenant', async () => {
    const send = (tenantId: string) => testSends.send({ requestId: randomUUID(), tenantId, type: 'login', language: 'en', to: 'ada@acme.test', actor });
    const first = await send(tenantA);
    expect(first.to).toBe('ada@acme.test');
    const [job] = await ds.query(`SELECT queue, job_name, payload FROM outbox WHERE tenant_id = $1 AND job_name = 'send-template-test'`, [tenantA]);
    expect(job).toMatchObject({ queue: 'mail', payload: { testSendId: first.id } });
    expect(JSON.stringify(job.payload)).not.toContain('ada@');

    const burst = await Promise.all(Array.from({ length: TEST_SENDS_PER_WINDOW }, () => send(tenantA).catch((err: unknown) => err)));
    // 1 + 20 asked for: exactly one refused, and refused as rate_limited (not a pool or lock error).
    expect(burst.filter((o) => o instanceof Error).map((e) => (e as SesameError).code)).toEqual(['rate_limited']);
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM template_test_sends WHERE tenant_id = $1`, [tenantA]);
    expect(count).toBe(TEST_SENDS_PER_WINDOW);
    const limited = await rejection(send(tenantA));
    expect(limited.code).toBe('rate_limited');
    expect(limited.details?.retry_after).toBeGreaterThan(3500);

    await expect(send(tenantB)).resolves.toMatchObject({ to: 'ada@acme.test' });
    expect(await rejection(testSends.send({ requestId: randomUUID(), tenantId: tenantB, type: 'login', language: 'en', to: 'not an address', actor })))
      .toMatchObject({ code: 'validation_failed' });
  });
});
