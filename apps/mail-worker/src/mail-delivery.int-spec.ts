import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadConfig, MailWorkerConfig } from '@sesame/config';
import { deriveFallbackCode, generateToken, Sealer } from '@sesame/crypto';
import { bullPrefix, createRedis, MAIL_JOB_OPTIONS, MailJobs, QUEUES, RedisConnection } from '@sesame/messaging';
import { createLogger } from '@sesame/observability';
import {
  createTestDatabase, deleteRedisPrefix, FakeSendGrid, FakeTwilio, startFakeSendGrid, startFakeTwilio, TEST_REDIS_URL, TestDatabase,
  uniqueRedisPrefix,
} from '@sesame/testing';
import { MailWorkerModule } from './mail-worker.module';

const PUBLIC_BASE_URL = 'https://auth.example.test';
const PEPPER = `k1:${'p'.repeat(40)}`;
const SG_KEY = 'SG.delivery-test-key';
const TWILIO = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'twilio-token-123' };

/**
 * What the mail-worker sends and to whom: the real @sendgrid/mail client against a fake SendGrid
 * with faults, the real twilio client against a fake Twilio, tenants' own providers, languages,
 * templates and the code fallback.
 */
describe('mail worker: providers, faults, languages and sms (integration)', () => {
  let db: TestDatabase;
  let prefix: string;
  let sendgrid: FakeSendGrid;
  let twilio: FakeTwilio;
  let app: INestApplicationContext;
  let ds: DataSource;
  let redis: RedisConnection;
  let queue: Queue<MailJobs['send-link'], string, 'send-link'>;
  let events: QueueEvents;
  const sealer = new Sealer([PEPPER]);

  beforeAll(async () => {
    [db, sendgrid, twilio] = await Promise.all([
      createTestDatabase('maildelivery'), startFakeSendGrid({ apiKey: SG_KEY }), startFakeTwilio(TWILIO),
    ]);
    prefix = uniqueRedisPrefix('maildelivery');
    const config = loadConfig(MailWorkerConfig, {
      DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DB_POOL_SIZE: '4', TOKEN_PEPPER: PEPPER, PUBLIC_BASE_URL,
      MAIL_TRANSPORT: 'sendgrid', MAIL_FROM: 'Auth <auth@acme.test>', SENDGRID_API_KEY: SG_KEY, SENDGRID_BASE_URL: sendgrid.url,
      SENDGRID_TIMEOUT_MS: '1000', SMS_TRANSPORT: 'twilio', TWILIO_ACCOUNT_SID: TWILIO.accountSid, TWILIO_AUTH_TOKEN: TWILIO.authToken,
      TWILIO_FROM: '+15005550006', TWILIO_BASE_URL: twilio.url, MAIL_CONCURRENCY: '4', LOG_LEVEL: 'silent',
    });
    app = await NestFactory.createApplicationContext(MailWorkerModule.forRoot(config, createLogger('mail-worker', 'silent')), { logger: false });
    ds = app.get(DataSource);
    redis = createRedis(TEST_REDIS_URL, { name: 'mail-delivery-test' });
    queue = new Queue(QUEUES.mail, { connection: redis, prefix: bullPrefix(prefix) });
    events = new QueueEvents(QUEUES.mail, { connection: { url: TEST_REDIS_URL }, prefix: bullPrefix(prefix) });
    await events.waitUntilReady();
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await events?.close();
    await queue?.close();
    redis?.disconnect();
    await Promise.all([sendgrid?.close(), twilio?.close()]);
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  beforeEach(() => {
    sendgrid.reset();
    twilio.reset();
  });

  interface Seed {
    tenantId: string; linkId: string; deliveryId: string; token: string;
  }

  async function seed(o: {
    type?: string; language?: string | null; userLanguage?: string; policy?: Record<string, unknown>; channel?: 'email' | 'sms';
    to?: string; code?: boolean; actionName?: string; shortMessage?: string;
  } = {}): Promise<Seed> {
    const s = { tenantId: randomUUID(), linkId: randomUUID(), deliveryId: randomUUID(), token: generateToken() };
    const userId = randomUUID();
    await ds.query(`INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, 'Acme', $3)`, [
      s.tenantId, `t-${s.tenantId.slice(0, 8)}`, JSON.stringify({ app: { origin: 'https://app.acme.test' }, ...o.policy }),
    ]);
    await ds.query(`INSERT INTO users (id, tenant_id, email, language) VALUES ($1, $2, 'ada@acme.test', $3)`, [userId, s.tenantId, o.userLanguage ?? null]);
    await ds.query(
      `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at, language, channel, action_name, short_message)
       VALUES ($1, $2, $3, $4, $5, now() + interval '10 minutes', $6, $7, $8, $9)`,
      [s.linkId, s.tenantId, userId, o.type ?? 'login', randomBytes(32), o.language ?? null, o.channel ?? 'email', o.actionName ?? null, o.shortMessage ?? null],
    );
    await ds.query(
      `INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address, sealed_token, channel) VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.deliveryId, s.tenantId, s.linkId, o.to ?? 'ada@acme.test', sealer.seal(s.token), o.channel ?? 'email'],
    );
    if (o.code) {
      // A link asked for on a sign-in page: its message carries the fallback code derived from the token.
      await ds.query(
        `INSERT INTO link_requests (id, tenant_id, link_id, email_hash, match_code, expires_at) VALUES ($1, $2, $3, $4, 'AB12', now() + interval '10 minutes')`,
        [randomUUID(), s.tenantId, s.linkId, randomBytes(32)],
      );
    }
    return s;
  }

  let seq = 0;
  const send = async (s: Seed) => {
    const outboxId = `d${++seq}`;
    const job = await queue.add('send-link', { deliveryId: s.deliveryId, tenantId: s.tenantId, outboxId }, {
      ...MAIL_JOB_OPTIONS, backoff: { type: 'fixed', delay: 50 }, jobId: `ob-${outboxId}`,
    });
    return job.waitUntilFinished(events, 15_000);
  };
  const delivery = async (id: string) => (await ds.query(`SELECT * FROM mail_deliveries WHERE id = $1`, [id]))[0];
  const content = (i = 0) => Object.fromEntries(sendgrid.requests[i].body.content.map((c: { type: string; value: string }) => [c.type, c.value]));

  describe('SendGrid faults (real @sendgrid/mail, fake SendGrid)', () => {
    it('202: accepted, sent once, our delivery id in custom_args', async () => {
      const s = await seed();
      await expect(send(s)).resolves.toBe('sent');
      expect(sendgrid.requests.map((r) => r.status)).toEqual([202]);
      expect(sendgrid.requests[0].body.custom_args).toEqual({ sesame_delivery_id: s.deliveryId, sesame_tenant_id: s.tenantId });
    });

    it('500 twice, then success: retried with backoff, one email accepted', async () => {
      const s = await seed();
      sendgrid.respondWith(500, {}, 2);
      await expect(send(s)).resolves.toBe('sent');
      expect(sendgrid.requests.map((r) => r.status)).toEqual([500, 500, 202]);
      expect(await delivery(s.deliveryId)).toMatchObject({ status: 'sent', attempts: 3 });
    });

    it('a timeout is retried like a 5xx', async () => {
      const s = await seed();
      sendgrid.fault('delay', 1, 1500);
      await expect(send(s)).resolves.toBe('sent');
      expect(sendgrid.requests).toHaveLength(2);
    });

    it.each([400, 401, 403, 413])('%d: failed for good, never retried', async (status) => {
      const s = await seed();
      sendgrid.respondWith(status, {}, 5);
      await expect(send(s)).rejects.toThrow(`SendGrid ${status}`);
      expect(sendgrid.requests).toHaveLength(1);
      expect(await delivery(s.deliveryId)).toMatchObject({ status: 'failed', sealed_token: null });
    });

    it('a connection reset after the fake accepted: sent again, at most one duplicate', async () => {
      const s = await seed();
      sendgrid.fault('reset-after-accept');
      await expect(send(s)).resolves.toBe('sent');
      const forThisDelivery = sendgrid.accepted.filter((r) => r.body.custom_args.sesame_delivery_id === s.deliveryId);
      expect(forThisDelivery.length).toBeGreaterThanOrEqual(1);
      expect(forThisDelivery.length).toBeLessThanOrEqual(2);
      expect(await delivery(s.deliveryId)).toMatchObject({ status: 'sent', attempts: 2 });
    });
  });

  describe('content', () => {
    it('speaks the request language, else the user\'s, else the tenant default', async () => {
      const byRequest = await seed({ language: 'fr', userLanguage: 'de' });
      const byUser = await seed({ userLanguage: 'de-AT', policy: { app: { origin: 'https://app.acme.test', default_language: 'es' } } });
      const byTenant = await seed({ policy: { app: { origin: 'https://app.acme.test', default_language: 'pt-BR' } } });
      for (const s of [byRequest, byUser, byTenant]) await expect(send(s)).resolves.toBe('sent');
      expect(sendgrid.requests.map((r) => r.body.subject)).toEqual(['Connexion à Acme', 'Bei Acme anmelden', 'Entrar em Acme']);
    });

    it('uses the action name, the short message, the code and the branding', async () => {
      const s = await seed({
        type: 'registration', actionName: 'Register', shortMessage: 'Welcome to the beta', code: true,
        policy: { app: { origin: 'https://app.acme.test' }, branding: { logo_url: 'https://cdn.acme.test/logo.png', primary_color: '#aa3300', footer: 'Acme Inc.' } },
      });
      await expect(send(s)).resolves.toBe('sent');
      expect(sendgrid.requests[0].body.subject).toBe('Register at Acme');
      const { 'text/html': html, 'text/plain': text } = content();
      for (const part of [html, text]) {
        expect(part).toContain(`${PUBLIC_BASE_URL}/l/${s.token}`);
        expect(part).toContain(deriveFallbackCode(s.token));
        expect(part).toContain('Welcome to the beta');
        expect(part).toContain('Acme Inc.');
      }
      expect(html).toContain('https://cdn.acme.test/logo.png');
      expect(html).toContain('#aa3300');
      expect(await delivery(s.deliveryId)).toMatchObject({ sealed_token: null });
    });

    it('renders the tenant\'s template override for the type and language', async () => {
      const s = await seed({ language: 'es' });
      await ds.query(`INSERT INTO mail_templates (tenant_id, type, language, subject, html, text) VALUES ($1, 'login', 'es', $2, $3, $4)`, [
        s.tenantId, 'Hola de {{app_name}}', '<p><a href="{{link}}">Entrar</a></p>', 'Entrar: {{link}}',
      ]);
      await expect(send(s)).resolves.toBe('sent');
      expect(sendgrid.requests[0].body.subject).toBe('Hola de Acme');
      expect(content()['text/plain']).toBe(`Entrar: ${PUBLIC_BASE_URL}/l/${s.token}`);
    });
  });

  describe('transports', () => {
    it('texts an sms link with the link and the code through Twilio', async () => {
      const s = await seed({ channel: 'sms', to: '+14155550100', code: true });
      await expect(send(s)).resolves.toBe('sent');
      expect(sendgrid.requests).toHaveLength(0);
      expect(twilio.messages).toHaveLength(1);
      const { form } = twilio.messages[0];
      expect(form).toMatchObject({ To: '+14155550100', From: '+15005550006' });
      expect(form.Body).toContain(`${PUBLIC_BASE_URL}/l/${s.token}`);
      expect(form.Body).toContain(deriveFallbackCode(s.token));
      expect(await delivery(s.deliveryId)).toMatchObject({ status: 'sent', provider: 'twilio', provider_message_id: expect.stringMatching(/^SM/) });
    });

    it('a Twilio 400 (bad number) fails for good', async () => {
      const s = await seed({ channel: 'sms', to: '+14155550101' });
      twilio.respondWith(400, 21211, 5);
      await expect(send(s)).rejects.toThrow('Twilio 400 (Twilio error 21211)');
      expect(twilio.messages).toHaveLength(1);
      expect(await delivery(s.deliveryId)).toMatchObject({ status: 'failed' });
    });

    it('uses the tenant\'s own provider: outbox instead of the deployment\'s SendGrid', async () => {
      const s = await seed();
      await ds.query(`INSERT INTO mail_providers (tenant_id, channel, kind) VALUES ($1, 'email', 'outbox')`, [s.tenantId]);
      await expect(send(s)).resolves.toBe('sent');
      expect(sendgrid.requests).toHaveLength(0);
      const [mail] = await ds.query(`SELECT subject, html, text FROM dev_mailbox WHERE delivery_id = $1`, [s.deliveryId]);
      expect(mail.subject).toBe('Sign in to Acme');
      expect(mail.text).toContain(s.token);
    });

    it('uses the tenant\'s own SendGrid key, opened from its sealed credentials', async () => {
      const withKey = async (apiKey: string) => {
        const s = await seed();
        await ds.query(`INSERT INTO mail_providers (tenant_id, channel, kind, sealed_credentials) VALUES ($1, 'email', 'sendgrid', $2)`, [
          s.tenantId, sealer.seal(JSON.stringify({ api_key: apiKey })),
        ]);
        return send(s);
      };
      // The fake accepts only SG_KEY: the deployment's key is not what authenticates these.
      await expect(withKey(SG_KEY)).resolves.toBe('sent');
      await expect(withKey('SG.someone-elses-key')).rejects.toThrow('SendGrid 401');
      expect(sendgrid.requests).toHaveLength(1);
    });
  });
});
