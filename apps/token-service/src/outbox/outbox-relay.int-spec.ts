import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { bullPrefix, createRedis, QUEUES, RedisConnection } from '@sesame/messaging';
import { LinkService } from '../links/link.service';
import { TenantService } from '../tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from '../testing/token-service-context';
import { OutboxRelayService } from './outbox-relay.service';

const ACTOR = { apiKeyId: null, ip: null, userAgent: null };

async function eventually<T>(fn: () => Promise<T | null | undefined>, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('outbox relay (integration)', () => {
  let ctx: TokenServiceContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let connection: RedisConnection;
  let mail: Queue;
  let tenantId: string;

  beforeAll(async () => {
    ctx = await startTokenServiceContext('tokensvc', { OUTBOX_POLL_MS: '200' });
    ({ app, ds } = ctx);
    connection = createRedis(ctx.config.REDIS_URL, { name: 'outbox-relay-test' });
    mail = new Queue(QUEUES.mail, { connection, prefix: bullPrefix(ctx.prefix) });
    tenantId = (await app.get(TenantService).create({ requestId: randomUUID(), name: 'Outbox Test', appOrigin: 'https://app.example.com' })).id;
  }, 30_000);

  afterAll(async () => {
    await mail?.close();
    await connection?.quit();
    await ctx?.close();
  });

  const createSent = async () => {
    const link = await app.get(LinkService).create({
      requestId: randomUUID(), tenantId, actor: ACTOR, email: `o-${randomUUID()}@example.com`, type: 'login', send: true,
    });
    const [delivery] = await ds.query(`SELECT id FROM mail_deliveries WHERE link_id = $1`, [link.id]);
    const [outbox] = await ds.query(
      `SELECT id::text AS id FROM outbox WHERE queue = 'mail' AND payload->>'deliveryId' = $1`, [delivery.id],
    );
    return { link, deliveryId: delivery.id as string, outboxId: outbox.id as string };
  };

  const publishedAt = async (outboxId: string): Promise<Date | null> =>
    (await ds.query(`SELECT published_at FROM outbox WHERE id = $1`, [outboxId]))[0].published_at;

  it('publishes a send=true link to the mail queue within ~2 s and marks the row published', async () => {
    const { deliveryId, outboxId } = await createSent();
    const job = await eventually(() => mail.getJob(`ob-${outboxId}`), 2000);
    expect(job.name).toBe('send-link');
    expect(job.data).toMatchObject({ deliveryId, tenantId, outboxId });
    expect(job.opts.attempts ?? 1).toBeGreaterThanOrEqual(1);
    await eventually(() => publishedAt(outboxId), 2000);
  });

  it('publishes a row twice as one job (jobId de-duplication)', async () => {
    const { outboxId } = await createSent();
    await eventually(() => publishedAt(outboxId), 2000);
    const before = await mail.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed');

    await ds.query(`UPDATE outbox SET published_at = NULL WHERE id = $1`, [outboxId]);
    app.get(OutboxRelayService).wake();
    await eventually(() => publishedAt(outboxId), 2000);

    const after = await mail.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed');
    expect(after).toBe(before);
    const jobs = (await mail.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.id === `ob-${outboxId}`);
    expect(jobs).toHaveLength(1);
  });

  it('publishes nothing for a send=false link', async () => {
    const before = (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'mail'`))[0].n;
    await app.get(LinkService).create({
      requestId: randomUUID(), tenantId, actor: ACTOR, email: `n-${randomUUID()}@example.com`, type: 'login', send: false,
    });
    expect((await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE queue = 'mail'`))[0].n).toBe(before);
  });
});
