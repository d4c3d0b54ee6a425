import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig, MailWorkerConfig } from '@sesame/config';
import { generateToken, Sealer } from '@sesame/crypto';
import { createLogger } from '@sesame/observability';
import { createTestDatabase, deleteRedisPrefix, FakeSendGrid, startFakeSendGrid, TEST_REDIS_URL, TestDatabase, uniqueRedisPrefix } from '@sesame/testing';
import { LinkMailService } from '../link-mail.service';
import { MailWorkerModule } from '../mail-worker.module';
import { RegistrationMailService } from '../registrations/registration-mail.service';
import { PermanentSendError, RetryLaterError } from '../send-errors';
import { TemplateTestMailService } from '../template-tests/template-test-mail.service';
import { ClaimedSendRunner, SendRequest, SendSubject } from './claimed-send.runner';
import type { ClaimedSend, SendKey } from './send-store';

const PEPPER = `k1:${'p'.repeat(40)}`;
const API_KEY = 'SG.claims-test-key';
const CLAIM_TIMEOUT_MS = 60_000;

/** One kind of send: how to seed a queued row, its service, and where its claim columns are. */
interface Kind {
  name: string;
  table: string;
  status: string;
  attempts: string;
  claimedAt: string;
  seed(): Promise<SendKey>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  subject(): SendSubject<any, any>;
}

/**
 * The claim-then-send protocol (ClaimedSendRunner) against each of its three stores, on a real
 * Postgres and the real @sendgrid/mail client against a fake SendGrid. A "run" is one BullMQ run of
 * the send's job: the job id and its run number (attemptsStarted).
 */
describe('claim-then-send protocol: one runner, three stores (real Postgres, fake SendGrid)', () => {
  let db: TestDatabase;
  let prefix: string;
  let fake: FakeSendGrid;
  let app: INestApplicationContext;
  let ds: DataSource;
  let runner: ClaimedSendRunner;
  const sealer = new Sealer([PEPPER]);

  beforeAll(async () => {
    [db, fake] = await Promise.all([createTestDatabase('claims'), startFakeSendGrid({ apiKey: API_KEY })]);
    prefix = uniqueRedisPrefix('claims');
    const config = loadConfig(MailWorkerConfig, {
      DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DB_POOL_SIZE: '4', TOKEN_PEPPER: PEPPER,
      PUBLIC_BASE_URL: 'https://auth.example.test', MAIL_TRANSPORT: 'sendgrid', MAIL_FROM: 'Auth <auth@acme.test>', SENDGRID_API_KEY: API_KEY,
      SENDGRID_BASE_URL: fake.url, SENDGRID_TIMEOUT_MS: '2000', SEND_CLAIM_TIMEOUT_MS: String(CLAIM_TIMEOUT_MS), LOG_LEVEL: 'silent',
    });
    // Nothing is queued: the services are driven directly, as the processor would for each run.
    app = await NestFactory.createApplicationContext(MailWorkerModule.forRoot(config, createLogger('mail-worker', 'silent')), { logger: false });
    ds = app.get(DataSource);
    runner = app.get(ClaimedSendRunner);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await fake?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  beforeEach(() => fake.reset());

  async function tenant(): Promise<string> {
    const id = randomUUID();
    await ds.query(`INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, 'Acme', $3)`, [
      id, `t-${id.slice(0, 8)}`, JSON.stringify({ app: { origin: 'https://app.acme.test' } }),
    ]);
    return id;
  }

  const kinds: Kind[] = [
    {
      name: 'link deliveries', table: 'mail_deliveries', status: 'status', attempts: 'attempts', claimedAt: 'claimed_at',
      subject: () => app.get(LinkMailService),
      async seed() {
        const tenantId = await tenant();
        const [userId, linkId, id] = [randomUUID(), randomUUID(), randomUUID()];
        await ds.query(`INSERT INTO users (id, tenant_id, email) VALUES ($1, $2, 'ada@acme.test')`, [userId, tenantId]);
        await ds.query(
          `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at) VALUES ($1, $2, $3, 'login', $4, now() + interval '10 minutes')`,
          [linkId, tenantId, userId, randomBytes(32)],
        );
        await ds.query(`INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address, sealed_token) VALUES ($1, $2, $3, 'ada@acme.test', $4)`, [
          id, tenantId, linkId, sealer.seal(generateToken()),
        ]);
        return { id, tenantId };
      },
    },
    {
      name: 'registration emails', table: 'registrations', status: 'mail_status', attempts: 'mail_attempts', claimedAt: 'mail_claimed_at',
      subject: () => app.get(RegistrationMailService),
      async seed() {
        const tenantId = await tenant();
        const id = randomUUID();
        await ds.query(
          `INSERT INTO registrations (id, tenant_id, kind, email, token_hash, sealed_token, redirect_url, expires_at)
           VALUES ($1, $2, 'new_user', 'ada@acme.test', $3, $4, 'https://app.acme.test/register', now() + interval '10 minutes')`,
          [id, tenantId, randomBytes(32), sealer.seal(generateToken())],
        );
        return { id, tenantId };
      },
    },
    {
      name: 'template tests', table: 'template_test_sends', status: 'status', attempts: 'attempts', claimedAt: 'claimed_at',
      subject: () => app.get(TemplateTestMailService),
      async seed() {
        const tenantId = await tenant();
        const id = randomUUID();
        await ds.query(`INSERT INTO template_test_sends (id, tenant_id, type, language, to_address) VALUES ($1, $2, 'login', 'en', 'ada@acme.test')`, [
          id, tenantId,
        ]);
        return { id, tenantId };
      },
    },
  ];

  describe.each(kinds)('$name', (kind) => {
    const run = (key: SendKey, attempt: number, opts: { jobId?: string; finalAttempt?: boolean } = {}): SendRequest => ({
      key, job: { id: opts.jobId ?? `job-${key.id}`, attempt }, finalAttempt: opts.finalAttempt ?? false,
    });
    const row = async (key: SendKey): Promise<{ status: string; attempts: number }> =>
      (await ds.query(`SELECT ${kind.status} AS status, ${kind.attempts} AS attempts FROM ${kind.table} WHERE id = $1`, [key.id]))[0];
    /** A claim left by a run of `jobId` that then died, `agoMs` ago. */
    async function deadClaim(key: SendKey, jobId: string, attempt: number, agoMs = 0): Promise<void> {
      const r = await kind.subject().store.claim(key, { jobId, jobAttempt: attempt, worker: 'dead:1' }, CLAIM_TIMEOUT_MS);
      expect(r.claimed).not.toBeNull();
      await ds.query(`UPDATE ${kind.table} SET ${kind.claimedAt} = now() - $2::int * interval '1 millisecond' WHERE id = $1`, [key.id, agoMs]);
    }

    it('calls the provider once however often the job runs', async () => {
      const key = await kind.seed();
      expect(await runner.run(kind.subject(), run(key, 1))).toBe('sent');
      expect(await runner.run(kind.subject(), run(key, 2))).toBe('already-done');
      expect(fake.requests).toHaveLength(1);
      expect(await row(key)).toEqual({ status: 'sent', attempts: 1 });
    });

    it('a later run of the same job takes a dead run\'s claim over at once, not after the claim timeout', async () => {
      const key = await kind.seed();
      await deadClaim(key, `job-${key.id}`, 1);
      expect(await runner.run(kind.subject(), run(key, 2))).toBe('sent');
      expect(fake.requests).toHaveLength(1);
      expect(await row(key)).toEqual({ status: 'sent', attempts: 2 });
    });

    it('a run that froze after its claim and wakes up after a later run took it over sends nothing', async () => {
      const key = await kind.seed();
      const service = kind.subject();
      let claimed!: () => void;
      let wake!: () => void;
      const isClaimed = new Promise<void>((resolve) => (claimed = resolve));
      const woken = new Promise<void>((resolve) => (wake = resolve));
      // The frozen run: the real subject, paused between its claim and its provider call.
      const frozen: SendSubject<ClaimedSend, unknown> = {
        store: service.store,
        prepare: async (c) => {
          claimed();
          await woken;
          return service.prepare(c);
        },
        deliver: (c, m) => service.deliver(c, m),
      };
      const first = runner.run(frozen, run(key, 1));
      await isClaimed;
      expect(await runner.run(service, run(key, 2))).toBe('sent');
      wake();
      await expect(first).resolves.toBe('superseded');
      expect(fake.requests).toHaveLength(1);
      expect(await row(key)).toEqual({ status: 'sent', attempts: 2 });
    });

    it('an earlier run finds a later run holding the claim and stands down', async () => {
      const key = await kind.seed();
      await deadClaim(key, `job-${key.id}`, 3);
      expect(await runner.run(kind.subject(), run(key, 2))).toBe('superseded');
      expect(fake.requests).toHaveLength(0);
      expect(await row(key)).toEqual({ status: 'sending', attempts: 1 });
    });

    it('another job\'s live claim is waited for (its remaining time); a stale one is taken over', async () => {
      const key = await kind.seed();
      await deadClaim(key, 'some-other-job', 1, 10_000);
      const waited = await runner.run(kind.subject(), run(key, 1)).catch((err: unknown) => err);
      expect(waited).toBeInstanceOf(RetryLaterError);
      expect((waited as RetryLaterError).retryAfterMs).toBeGreaterThan(CLAIM_TIMEOUT_MS - 10_000);
      expect((waited as RetryLaterError).retryAfterMs).toBeLessThanOrEqual(CLAIM_TIMEOUT_MS - 10_000 + 1000);
      expect(fake.requests).toHaveLength(0);

      await ds.query(`UPDATE ${kind.table} SET ${kind.claimedAt} = now() - interval '1 hour' WHERE id = $1`, [key.id]);
      expect(await runner.run(kind.subject(), run(key, 2))).toBe('sent');
      expect(await row(key)).toEqual({ status: 'sent', attempts: 2 });
    });

    it('one retry policy: a rate limit waits without spending an attempt, 5xx backs off, the last attempt and 4xx fail', async () => {
      const key = await kind.seed();
      fake.respondWith(429, { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 3) });
      const limited = await runner.run(kind.subject(), run(key, 1)).catch((err: unknown) => err);
      expect(limited).toBeInstanceOf(RetryLaterError);
      expect((limited as RetryLaterError).retryAfterMs).toBeGreaterThan(0);
      expect(await row(key)).toMatchObject({ status: 'queued' });

      fake.respondWith(500);
      const backoff = await runner.run(kind.subject(), run(key, 2)).catch((err: unknown) => err);
      expect(backoff).toBeInstanceOf(RetryLaterError);
      expect((backoff as RetryLaterError).retryAfterMs).toBeUndefined();
      expect(await row(key)).toMatchObject({ status: 'queued' });

      fake.respondWith(500);
      await expect(runner.run(kind.subject(), run(key, 3, { finalAttempt: true }))).rejects.toBeInstanceOf(PermanentSendError);
      expect(await row(key)).toEqual({ status: 'failed', attempts: 3 });

      const other = await kind.seed();
      fake.respondWith(400);
      await expect(runner.run(kind.subject(), run(other, 1))).rejects.toBeInstanceOf(PermanentSendError);
      expect(await row(other)).toEqual({ status: 'failed', attempts: 1 });
      expect(fake.requests.map((r) => r.status)).toEqual([429, 500, 500, 400]);
    });
  });
});
