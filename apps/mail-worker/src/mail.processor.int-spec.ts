import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job, Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadConfig, MailWorkerConfig } from '@sesame/config';
import { generateToken, Sealer } from '@sesame/crypto';
import { bullPrefix, createRedis, MAIL_JOB_OPTIONS, MailJobs, QUEUES, RedisConnection } from '@sesame/messaging';
import { createLogger } from '@sesame/observability';
import {
  createTestDatabase, deleteRedisPrefix, eventProblems, FakeSendGrid, startFakeSendGrid, TEST_REDIS_URL, TestDatabase, uniqueRedisPrefix,
} from '@sesame/testing';
import { DeliveryRepository } from './delivery.repository';
import { MailWorkerModule } from './mail-worker.module';
import { OutboxSmsTransport } from './transports/outbox-sms.transport';
import { OutboxTransport } from './transports/outbox.transport';

const PUBLIC_BASE_URL = 'https://auth.example.test';
const PEPPER = `k1:${'p'.repeat(40)}`;
const API_KEY = 'SG.integration-test-key';

type SendLink = MailJobs['send-link'];

describe('mail worker: send-link (real Postgres, Redis, @sendgrid/mail against a fake SendGrid)', () => {
  let db: TestDatabase;
  let prefix: string;
  let fake: FakeSendGrid;
  let app: INestApplicationContext;
  let ds: DataSource;
  let redis: RedisConnection;
  let queue: Queue<SendLink, string, 'send-link'>;
  let events: QueueEvents;
  const sealer = new Sealer([PEPPER]);

  beforeAll(async () => {
    [db, fake] = await Promise.all([createTestDatabase('mailworker'), startFakeSendGrid({ apiKey: API_KEY })]);
    prefix = uniqueRedisPrefix('mail');
    const config = loadConfig(MailWorkerConfig, {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      DB_POOL_SIZE: '4',
      TOKEN_PEPPER: PEPPER,
      PUBLIC_BASE_URL,
      MAIL_TRANSPORT: 'sendgrid',
      MAIL_FROM: 'Acme Auth <auth@acme.test>',
      SENDGRID_API_KEY: API_KEY,
      SENDGRID_BASE_URL: fake.url,
      SENDGRID_TIMEOUT_MS: '2000',
      MAIL_CONCURRENCY: '4',
      LOG_LEVEL: 'silent',
    });
    app = await NestFactory.createApplicationContext(MailWorkerModule.forRoot(config, createLogger('mail-worker', 'silent')), {
      logger: false,
    });
    ds = app.get(DataSource);
    redis = createRedis(TEST_REDIS_URL, { name: 'mail-worker-test' });
    const connection = { connection: redis, prefix: bullPrefix(prefix) };
    queue = new Queue(QUEUES.mail, connection);
    events = new QueueEvents(QUEUES.mail, { connection: { url: TEST_REDIS_URL }, prefix: bullPrefix(prefix) });
    await events.waitUntilReady();
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await events?.close();
    await queue?.close();
    redis?.disconnect();
    await fake?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  beforeEach(() => fake.reset());

  interface Seeded {
    tenantId: string;
    userId: string;
    linkId: string;
    deliveryId: string;
    token: string;
  }

  /** A tenant, user, link and queued delivery, as token-service's create statement leaves them. */
  async function seed(opts: {
    type?: string; expires?: string; revoked?: boolean; webhook?: boolean; appName?: string; userStatus?: string;
    app?: Record<string, string>; creator?: { apiKeyId: string; ip: string; userAgent: string };
  } = {}): Promise<Seeded> {
    const s = { tenantId: randomUUID(), userId: randomUUID(), linkId: randomUUID(), deliveryId: randomUUID(), token: generateToken() };
    await ds.query(`INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, $3, $4)`, [
      s.tenantId, `t-${s.tenantId.slice(0, 8)}`, opts.appName ?? 'Acme', JSON.stringify({ app: { origin: 'https://app.acme.test', ...opts.app } }),
    ]);
    await ds.query(`INSERT INTO users (id, tenant_id, email, status) VALUES ($1, $2, 'ada@acme.test', $3)`, [s.userId, s.tenantId, opts.userStatus ?? 'active']);
    await ds.query(
      `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at, revoked_at, api_key_id, request_ip, request_user_agent)
       VALUES ($1, $2, $3, $4, $5, now() + $6::interval, CASE WHEN $7 THEN now() END, $8, $9, $10)`,
      [
        s.linkId, s.tenantId, s.userId, opts.type ?? 'login', randomBytes(32), opts.expires ?? '10 minutes', opts.revoked ?? false,
        opts.creator?.apiKeyId ?? null, opts.creator?.ip ?? null, opts.creator?.userAgent ?? null,
      ],
    );
    await ds.query(
      `INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address, sealed_token) VALUES ($1, $2, $3, 'ada@acme.test', $4)`,
      [s.deliveryId, s.tenantId, s.linkId, sealer.seal(s.token)],
    );
    if (opts.webhook) {
      await ds.query(
        `INSERT INTO webhook_endpoints (id, tenant_id, url, events, sealed_secret)
         VALUES ($1, $2, 'https://hooks.acme.test/sesame', ARRAY['magiclink.email.sent'], $3)`,
        [randomUUID(), s.tenantId, randomBytes(48)],
      );
    }
    return s;
  }

  let outboxSeq = 0;
  /** As the relay publishes it: jobId `ob-<outbox id>`, the queue's options (shorter backoff). */
  function enqueue(s: Seeded) {
    const outboxId = String(++outboxSeq);
    return queue.add('send-link', { deliveryId: s.deliveryId, tenantId: s.tenantId, outboxId, correlationId: randomUUID() }, {
      ...MAIL_JOB_OPTIONS,
      backoff: { type: 'fixed', delay: 100 },
      jobId: `ob-${outboxId}`,
    });
  }

  async function delivery(id: string) {
    const [row] = await ds.query(`SELECT * FROM mail_deliveries WHERE id = $1`, [id]);
    return row;
  }

  async function auditActions(linkId: string): Promise<string[]> {
    const rows: { action: string }[] = await ds.query(`SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY id`, [linkId]);
    return rows.map((r) => r.action);
  }

  async function waitForState(job: Job, state: string, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((await job.getState()) !== state) {
      if (Date.now() > until) throw new Error(`job ${job.id} did not reach ${state} (is ${await job.getState()})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('sends the link once, records it and emits magiclink.email.sent', async () => {
    const s = await seed({ webhook: true });
    const job = await enqueue(s);
    await expect(job.waitUntilFinished(events, 10_000)).resolves.toBe('sent');

    expect(fake.requests).toHaveLength(1);
    const { headers, body } = fake.requests[0];
    const url = `${PUBLIC_BASE_URL}/l/${s.token}`;
    expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(body.personalizations[0].to).toEqual([{ email: 'ada@acme.test' }]);
    expect(body.from).toEqual({ email: 'auth@acme.test', name: 'Acme Auth' });
    expect(body.subject).toBe('Sign in to Acme');
    expect(body.custom_args).toEqual({ sesame_delivery_id: s.deliveryId, sesame_tenant_id: s.tenantId });
    expect(body.tracking_settings.click_tracking).toEqual({ enable: false, enable_text: false });
    const content = Object.fromEntries(body.content.map((c: { type: string; value: string }) => [c.type, c.value]));
    expect(content['text/plain']).toContain(url);
    expect(content['text/html']).toContain(url);

    const row = await delivery(s.deliveryId);
    expect(row).toMatchObject({ status: 'sent', sealed_token: null, provider: 'sendgrid', attempts: 1, last_error: null });
    expect(row.provider_message_id).toEqual(expect.any(String));
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(await auditActions(s.linkId)).toEqual(['magiclink.email.sent']);

    const outbox: { payload: { event: { type: string; data: Record<string, unknown> } } }[] = await ds.query(
      `SELECT payload FROM outbox WHERE tenant_id = $1 AND queue = 'webhooks' AND job_name = 'fan-out'`,
      [s.tenantId],
    );
    expect(outbox).toHaveLength(1);
    expect(outbox[0].payload.event).toMatchObject({
      type: 'magiclink.email.sent',
      data: { type: 'login', email: 'ada@acme.test', user_id: s.userId, link_id: s.linkId, delivery_id: s.deliveryId },
    });
    expect(JSON.stringify(outbox[0].payload)).not.toContain(s.token);
    const { type, timestamp, data } = outbox[0].payload.event as { type: string; timestamp: string; data: unknown };
    expect(eventProblems(JSON.stringify({ type, timestamp, data }))).toEqual([]);
  });

  it('sends nothing when the same delivery is processed again', async () => {
    const s = await seed();
    const job = await enqueue(s);
    await expect(job.waitUntilFinished(events, 10_000)).resolves.toBe('sent');
    // The same job run again (e.g. retried by an operator, or re-run after a stall).
    await job.retry('completed');
    await expect(job.waitUntilFinished(events, 10_000)).resolves.toBe('already-done');
    // A second job for the same delivery (e.g. the relay published the outbox row twice).
    await expect((await enqueue(s)).waitUntilFinished(events, 10_000)).resolves.toBe('already-done');
    expect(fake.requests).toHaveLength(1);
    expect((await delivery(s.deliveryId)).attempts).toBe(1);
  });

  it('does not emit an event nobody subscribed to', async () => {
    const s = await seed();
    await expect((await enqueue(s)).waitUntilFinished(events, 10_000)).resolves.toBe('sent');
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1`, [s.tenantId]);
    expect(n).toBe(0);
  });

  it('retries after a 500 and sends once', async () => {
    const s = await seed();
    fake.respondWith(500);
    const job = await enqueue(s);
    await expect(job.waitUntilFinished(events, 10_000)).resolves.toBe('sent');
    expect(fake.requests.map((r) => r.status)).toEqual([500, 202]);
    expect(fake.accepted).toHaveLength(1);
    expect(await delivery(s.deliveryId)).toMatchObject({ status: 'sent', attempts: 2, sealed_token: null, last_error: null });
  });

  it('fails permanently on a 400: no retry, row failed, token dropped', async () => {
    const s = await seed();
    fake.respondWith(400, {}, 5);
    const job = await enqueue(s);
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow('SendGrid 400');
    expect(fake.requests).toHaveLength(1);
    const failed = await queue.getJob(job.id as string);
    expect(failed?.attemptsMade).toBe(1);
    expect(await failed?.getState()).toBe('failed');
    const row = await delivery(s.deliveryId);
    expect(row).toMatchObject({ status: 'failed', sealed_token: null, attempts: 1 });
    expect(row.last_error).toContain('SendGrid 400');
    expect(await auditActions(s.linkId)).toEqual(['magiclink.email.failed']);
  });

  it('marks the delivery failed when a retryable error hits the last attempt', async () => {
    const s = await seed();
    fake.respondWith(503, {}, 10);
    const job = await queue.add('send-link', { deliveryId: s.deliveryId, tenantId: s.tenantId, outboxId: 'x' }, {
      attempts: 2, backoff: { type: 'fixed', delay: 50 }, jobId: `ob-last-${s.deliveryId}`,
    });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow('SendGrid 503');
    expect(fake.requests.map((r) => r.status)).toEqual([503, 503]);
    const row = await delivery(s.deliveryId);
    expect(row).toMatchObject({ status: 'failed', sealed_token: null, attempts: 2 });
    expect(row.last_error).toBe('gave up after 2 attempts: SendGrid 503: scripted 503');
    expect(await auditActions(s.linkId)).toEqual(['magiclink.email.failed']);
  });

  it('waits for X-RateLimit-Reset on a 429 without spending an attempt, then sends', async () => {
    const s = await seed();
    fake.respondWith(429, { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 1) });
    const job = await enqueue(s);
    await waitForState(job, 'delayed');
    expect(await delivery(s.deliveryId)).toMatchObject({ status: 'queued', last_error: 'SendGrid 429: scripted 429' });
    await expect(job.waitUntilFinished(events, 10_000)).resolves.toBe('sent');
    expect(fake.requests.map((r) => r.status)).toEqual([429, 202]);
    expect((await queue.getJob(job.id as string))?.attemptsMade).toBeLessThanOrEqual(1);
  });

  it('records the send as done by the link\'s creator (API key, IP, user agent) for the link\'s user', async () => {
    const creator = { apiKeyId: randomUUID(), ip: '203.0.113.9', userAgent: 'provisioning-script/1.0' };
    const s = await seed({ creator });
    await expect((await enqueue(s)).waitUntilFinished(events, 10_000)).resolves.toBe('sent');
    const [row] = await ds.query(
      `SELECT actor_api_key_id, ip, user_agent, user_id, data FROM audit_events WHERE subject_id = $1 AND action = 'magiclink.email.sent'`,
      [s.linkId],
    );
    expect(row).toMatchObject({ actor_api_key_id: creator.apiKeyId, ip: creator.ip, user_agent: creator.userAgent, user_id: s.userId });
    expect(row.data).toMatchObject({ type: 'login', to: 'ada@acme.test', delivery_id: s.deliveryId });
  });

  it('sends from the tenant\'s sender address under its app name (policy `app`)', async () => {
    const s = await seed({ app: { name: 'Acme Portal', sender_address: 'portal@acme.test' } });
    await expect((await enqueue(s)).waitUntilFinished(events, 10_000)).resolves.toBe('sent');
    const { body } = fake.requests[0];
    expect(body.from).toEqual({ email: 'portal@acme.test' });
    expect(body.subject).toBe('Sign in to Acme Portal');
  });

  it.each([
    ['revoked', { revoked: true }],
    ['expired', { expires: '-1 second' }],
    ['user_disabled', { userStatus: 'disabled' }],
  ])('never sends a %s link', async (reason, opts) => {
    const s = await seed(opts);
    await expect((await enqueue(s)).waitUntilFinished(events, 10_000)).resolves.toBe('skipped');
    expect(fake.requests).toHaveLength(0);
    expect(await delivery(s.deliveryId)).toMatchObject({ status: 'skipped', sealed_token: null, last_error: `link ${reason}` });
    expect(await auditActions(s.linkId)).toEqual(['magiclink.email.skipped']);
  });

  it('completes without sending when the link (and so the delivery) was purged', async () => {
    const s = await seed();
    await ds.query(`DELETE FROM magic_links WHERE id = $1`, [s.linkId]);
    await expect((await enqueue(s)).waitUntilFinished(events, 10_000)).resolves.toBe('already-done');
    expect(fake.requests).toHaveLength(0);
  });

  it('leaves a delivery another worker claimed a moment ago alone, and takes it over once the claim is stale', async () => {
    const s = await seed();
    await ds.query(`UPDATE mail_deliveries SET status = 'sending', claimed_at = now(), attempts = 1 WHERE id = $1`, [s.deliveryId]);
    const job = await enqueue(s);
    await waitForState(job, 'delayed');
    expect(fake.requests).toHaveLength(0);
    expect(await delivery(s.deliveryId)).toMatchObject({ status: 'sending', attempts: 1 });

    // The other worker died: its claim is now older than SEND_CLAIM_TIMEOUT_MS.
    await ds.query(`UPDATE mail_deliveries SET claimed_at = now() - interval '1 hour' WHERE id = $1`, [s.deliveryId]);
    await job.promote();
    await expect(job.waitUntilFinished(events, 10_000)).resolves.toBe('sent');
    expect(fake.requests).toHaveLength(1);
    expect(await delivery(s.deliveryId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('lets exactly one of many concurrent claimers win, in one batch or across batches', async () => {
    const s = await seed();
    const repo = app.get(DeliveryRepository);
    const key = { id: s.deliveryId, tenantId: s.tenantId };
    const claim = (i: number) => repo.claim(key, { jobId: `job-${i}`, jobAttempt: 1, worker: 'test' }, 120_000);
    // Asked in one tick: one statement claims for all eight runs, and names the one that won.
    const together = await Promise.all(Array.from({ length: 8 }, (_, i) => claim(i)));
    expect(together.filter((r) => r.claimed !== null)).toHaveLength(1);
    expect(together.filter((r) => r.claimed === null).map((r) => r.state?.status)).toEqual(Array(7).fill('sending'));

    const other = await seed();
    const otherKey = { id: other.deliveryId, tenantId: other.tenantId };
    // Asked a tick apart: successive batches, each locking the row in turn.
    const apart = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i % 4));
      return repo.claim(otherKey, { jobId: `job-${i}`, jobAttempt: 1, worker: 'test' }, 120_000);
    }));
    expect(apart.filter((r) => r.claimed !== null)).toHaveLength(1);
  });

  it('claims, checks and records the sends of one tick with one statement each, every job getting its own row', async () => {
    const seeds = await Promise.all(Array.from({ length: 6 }, (_, i) => seed({ webhook: i % 2 === 0 })));
    const repo = app.get(DeliveryRepository);
    const claims = await Promise.all(seeds.map((s, i) => repo.claim({ id: s.deliveryId, tenantId: s.tenantId }, { jobId: `batch-${i}`, jobAttempt: 1, worker: 'test' }, 120_000)));
    const claimed = claims.map((c) => c.claimed!);
    expect(claimed.map((c) => c.id)).toEqual(seeds.map((s) => s.deliveryId));
    // One claim lost meanwhile (taken over by a later run): only that one is reported as not held.
    await ds.query(`UPDATE mail_deliveries SET attempts = attempts + 1 WHERE id = $1`, [claimed[2].id]);
    expect(await Promise.all(claimed.map((c) => repo.holds(c)))).toEqual([true, true, false, true, true, true]);
    const sent = await Promise.all(claimed.map((c, i) => repo.markSent(c, { provider: 'sendgrid', messageId: `m-${i}` })));
    expect(sent).toEqual(Array(6).fill(true));
    expect(await Promise.all(claimed.map((c) => repo.markSent(c, { provider: 'sendgrid', messageId: 'again' })))).toEqual(Array(6).fill(false));
    for (const [i, c] of claimed.entries()) {
      expect(await delivery(c.id)).toMatchObject({ status: 'sent', provider_message_id: `m-${i}` });
      const audits = await ds.query(`SELECT data FROM audit_events WHERE action = 'magiclink.email.sent' AND data->>'delivery_id' = $1`, [c.id]);
      expect(audits).toHaveLength(1);
      expect(audits[0].data).toMatchObject({ provider_message_id: `m-${i}`, to: c.toAddress });
      // The webhook event only for the tenants with an endpoint that wants it.
      const events = await ds.query(`SELECT payload FROM outbox WHERE tenant_id = $1 AND queue = 'webhooks'`, [c.tenantId]);
      expect(events.map((e: { payload: { event: { type: string; data: { delivery_id: string } } } }) => [e.payload.event.type, e.payload.event.data.delivery_id]))
        .toEqual(i % 2 === 0 ? [['magiclink.email.sent', c.id]] : []);
    }
  });

  it('escapes a hostile tenant name in the email', async () => {
    const s = await seed({ appName: '<script>alert(1)</script>' });
    await expect((await enqueue(s)).waitUntilFinished(events, 10_000)).resolves.toBe('sent');
    const html = fake.requests[0].body.content.find((c: { type: string }) => c.type === 'text/html').value as string;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('the outbox transport writes the dev mailbox', async () => {
    const s = await seed();
    const result = await new OutboxTransport(ds).send({
      to: 'ada@acme.test', from: 'Acme <auth@acme.test>', subject: 'Sign in to Acme', html: '<p>hi</p>', text: 'hi',
      deliveryId: s.deliveryId, tenantId: s.tenantId,
    });
    expect(result.provider).toBe('outbox');
    const rows = await ds.query(`SELECT * FROM dev_mailbox WHERE id = $1`, [result.messageId]);
    expect(rows[0]).toMatchObject({
      tenant_id: s.tenantId, delivery_id: s.deliveryId, channel: 'email', to_address: 'ada@acme.test', subject: 'Sign in to Acme', html: '<p>hi</p>', text: 'hi',
    });
  });

  it('the sms outbox transport writes the dev mailbox as an sms', async () => {
    const s = await seed();
    const result = await new OutboxSmsTransport(ds).send({ to: '+15555550100', body: 'Your code', deliveryId: s.deliveryId, tenantId: s.tenantId });
    const rows = await ds.query(`SELECT * FROM dev_mailbox WHERE id = $1`, [result.messageId]);
    expect(rows[0]).toMatchObject({ tenant_id: s.tenantId, channel: 'sms', to_address: '+15555550100', html: '', text: 'Your code' });
  });
});
