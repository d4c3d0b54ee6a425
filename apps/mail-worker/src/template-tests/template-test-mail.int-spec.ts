import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig, MailWorkerConfig } from '@sesame/config';
import { createLogger } from '@sesame/observability';
import { createTestDatabase, FakeSendGrid, startFakeSendGrid, TEST_REDIS_URL, TestDatabase, uniqueRedisPrefix, deleteRedisPrefix } from '@sesame/testing';
import { MailWorkerModule } from '../mail-worker.module';
import { PermanentSendError, RetryLaterError } from '../send-errors';
import { TemplateTestMailService } from './template-test-mail.service';

const PUBLIC_BASE_URL = 'https://auth.example.test';
const API_KEY = 'SG.template-test-key';

describe('mail worker: send-template-test (real Postgres, @sendgrid/mail against a fake SendGrid)', () => {
  let db: TestDatabase;
  let prefix: string;
  let fake: FakeSendGrid;
  let app: INestApplicationContext;
  let ds: DataSource;
  let service: TemplateTestMailService;

  beforeAll(async () => {
    [db, fake] = await Promise.all([createTestDatabase('templatetest'), startFakeSendGrid({ apiKey: API_KEY })]);
    prefix = uniqueRedisPrefix('templatetest');
    const config = loadConfig(MailWorkerConfig, {
      DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DB_POOL_SIZE: '2', TOKEN_PEPPER: `k1:${'p'.repeat(40)}`,
      PUBLIC_BASE_URL, MAIL_TRANSPORT: 'sendgrid', MAIL_FROM: 'Acme Auth <auth@acme.test>', SENDGRID_API_KEY: API_KEY,
      SENDGRID_BASE_URL: fake.url, SENDGRID_TIMEOUT_MS: '2000', LOG_LEVEL: 'silent',
    });
    // Nothing is queued: the service is driven directly, as the processor would for one job.
    app = await NestFactory.createApplicationContext(MailWorkerModule.forRoot(config, createLogger('mail-worker', 'silent')), { logger: false });
    ds = app.get(DataSource);
    service = app.get(TemplateTestMailService);
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await fake?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  beforeEach(() => fake.reset());

  /** A tenant (optionally with an override and its own transport) and a queued test send. */
  async function seed(opts: { override?: boolean; outbox?: boolean; type?: string } = {}): Promise<{ tenantId: string; testSendId: string }> {
    const tenantId = randomUUID();
    const testSendId = randomUUID();
    await ds.query(`INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, 'Acme', $3)`, [
      tenantId, `t-${tenantId.slice(0, 8)}`, JSON.stringify({ app: { origin: 'https://app.acme.test', name: 'Acme <Labs>' }, branding: { primary_color: '#ff5500' } }),
    ]);
    if (opts.override) {
      await ds.query(`INSERT INTO mail_templates (tenant_id, type, language, subject, html, text) VALUES ($1, 'login', 'de', $2, $3, $4)`, [
        tenantId, 'Hallo von {{app_name}}', '<a style="color:{{brand_color}}" href="{{link}}">{{app_name}}</a> {{code}}', 'Link: {{link}} Code: {{code}}',
      ]);
    }
    if (opts.outbox) await ds.query(`INSERT INTO mail_providers (tenant_id, channel, kind) VALUES ($1, 'email', 'outbox')`, [tenantId]);
    await ds.query(`INSERT INTO template_test_sends (id, tenant_id, type, language, to_address) VALUES ($1, $2, $3, 'de', 'ada@acme.test')`, [
      testSendId, tenantId, opts.type ?? 'login',
    ]);
    return { tenantId, testSendId };
  }
  let runs = 0;
  /** The next run of the send's job, as the processor would start it. */
  const run = (s: { tenantId: string; testSendId: string }) => ({
    key: { id: s.testSendId, tenantId: s.tenantId }, job: { id: `job-${s.testSendId}`, attempt: ++runs }, finalAttempt: false,
  });
  const row = async (id: string) => (await ds.query(`SELECT status, attempts, provider, error, sent_at FROM template_test_sends WHERE id = $1`, [id]))[0];

  it('sends the saved override with sample values and a [Test] subject, once however often the job runs', async () => {
    const s = await seed({ override: true });
    expect(await service.send(run(s))).toBe('sent');
    expect(await service.send(run(s))).toBe('already-done');
    expect(fake.requests).toHaveLength(1);
    const mail = fake.requests[0].body;
    expect(mail.subject).toBe('[Test] Hallo von Acme <Labs>');
    const html = mail.content.find((c: { type: string }) => c.type === 'text/html').value;
    expect(html).toBe(`<a style="color:#ff5500" href="${PUBLIC_BASE_URL}/l/sample-link-preview">Acme &lt;Labs&gt;</a> 123456`);
    expect(mail.personalizations[0].to[0].email).toBe('ada@acme.test');
    expect(await row(s.testSendId)).toMatchObject({ status: 'sent', attempts: 1, provider: 'sendgrid', error: null, sent_at: expect.any(Date) });
  });

  it('sends the default through the tenant\'s own transport when it has one', async () => {
    const s = await seed({ outbox: true });
    expect(await service.send(run(s))).toBe('sent');
    expect(fake.requests).toEqual([]);
    const [mail] = await ds.query(`SELECT to_address, subject, html FROM dev_mailbox WHERE tenant_id = $1`, [s.tenantId]);
    expect(mail.to_address).toBe('ada@acme.test');
    expect(mail.subject).toMatch(/^\[Test\] /);
    expect(mail.html).toContain('<html lang="de"');
  });

  it('releases a retryable failure and marks a permanent one failed', async () => {
    const retry = await seed();
    fake.respondWith(500);
    await expect(service.send(run(retry))).rejects.toBeInstanceOf(RetryLaterError);
    expect(await row(retry.testSendId)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await service.send(run(retry))).toBe('sent');

    const permanent = await seed();
    fake.respondWith(400);
    await expect(service.send(run(permanent))).rejects.toBeInstanceOf(PermanentSendError);
    expect(await row(permanent.testSendId)).toMatchObject({ status: 'failed', error: expect.any(String) });

    const unknown = await seed({ type: 'teleport' });
    await expect(service.send(run(unknown))).rejects.toBeInstanceOf(PermanentSendError);
    expect(await row(unknown.testSendId)).toMatchObject({ status: 'failed', error: 'unknown template teleport/de' });
  });
});
