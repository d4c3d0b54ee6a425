import { Queue } from 'bullmq';
import Redis from 'ioredis';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { loadConfig, SchedulerConfig } from '@sesame/config';
import { bullPrefix, QUEUES } from '@sesame/messaging';
import { createTestDatabase, deleteRedisPrefix, TEST_REDIS_URL, TestDatabase, uniqueRedisPrefix } from '@sesame/testing';
import { BacklogMetrics } from './backlog.metrics';
import { BacklogRepository } from './backlog.repository';

/** Queue depth and outbox backlog as a scrape sees them, against the real Redis and Postgres. */
describe('BacklogMetrics (real Redis and Postgres)', () => {
  const prefix = uniqueRedisPrefix('backlog');
  let db: TestDatabase;
  let dataSource: DataSource;
  let redis: Redis;
  let mail: Queue;
  let metrics: BacklogMetrics;
  const registry = new Registry();

  beforeAll(async () => {
    db = await createTestDatabase('backlog');
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const config = loadConfig(SchedulerConfig, { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix });
    mail = new Queue(QUEUES.mail, { connection: redis, prefix: bullPrefix(prefix) });
    metrics = new BacklogMetrics(config, redis, pino({ level: 'silent' }), registry, new BacklogRepository(dataSource));
  });
  afterAll(async () => {
    await metrics?.onModuleDestroy();
    await mail?.close();
    await deleteRedisPrefix(prefix);
    redis?.disconnect();
    await dataSource?.destroy();
    await db?.drop();
  });

  const value = async (name: string, labels: Record<string, string> = {}) => {
    const m = await registry.getSingleMetric(name)!.get();
    return m.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
  };

  it('reports every queue empty and no outbox backlog on an idle system', async () => {
    for (const queue of Object.values(QUEUES)) {
      expect(await value('sesame_queue_waiting_jobs', { queue })).toBe(0);
      expect(await value('sesame_queue_oldest_waiting_job_age_seconds', { queue })).toBe(0);
    }
    expect(await value('sesame_outbox_unpublished_rows')).toBe(0);
    expect(await value('sesame_outbox_oldest_unpublished_age_seconds')).toBe(0);
  });

  it('counts waiting and delayed jobs and ages the oldest waiting one, not the newest', async () => {
    await mail.add('send-link', {}, { jobId: 'old', timestamp: Date.now() - 90_000 });
    await mail.add('send-link', {}, { jobId: 'new' });
    await mail.add('send-link', {}, { jobId: 'later', delay: 3_600_000 });
    await new Promise((r) => setTimeout(r, 1100)); // past the shared sample of the previous scrape

    expect(await value('sesame_queue_waiting_jobs', { queue: QUEUES.mail })).toBe(2);
    expect(await value('sesame_queue_delayed_jobs', { queue: QUEUES.mail })).toBe(1);
    expect(await value('sesame_queue_waiting_jobs', { queue: QUEUES.webhooks })).toBe(0);
    const age = await value('sesame_queue_oldest_waiting_job_age_seconds', { queue: QUEUES.mail });
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(120);
  });

  it('finds the oldest job among prioritized ones too, whatever their priority band', async () => {
    await mail.drain();
    await mail.add('send-link', {}, { jobId: 'fresh' });
    await mail.add('send-link', {}, { jobId: 'p2', priority: 2, timestamp: Date.now() - 30_000 });
    await mail.add('send-link', {}, { jobId: 'p5-old', priority: 5, timestamp: Date.now() - 200_000 });
    await mail.add('send-link', {}, { jobId: 'p5-new', priority: 5 });
    await new Promise((r) => setTimeout(r, 1100));

    expect(await value('sesame_queue_waiting_jobs', { queue: QUEUES.mail })).toBe(4);
    const age = await value('sesame_queue_oldest_waiting_job_age_seconds', { queue: QUEUES.mail });
    expect(age).toBeGreaterThanOrEqual(200);
    expect(age).toBeLessThan(230);
  });

  it('counts unpublished outbox rows and the age of the oldest, leaving published ones out', async () => {
    await dataSource.query(`INSERT INTO outbox (queue, job_name, payload, created_at, published_at) VALUES
      ('mail', 'send-link', '{}', now() - interval '1 hour', now()),
      ('mail', 'send-link', '{}', now() - interval '45 seconds', NULL),
      ('webhooks', 'fan-out', '{}', now(), NULL)`);
    await new Promise((r) => setTimeout(r, 1100));

    expect(await value('sesame_outbox_unpublished_rows')).toBe(2);
    const lag = await value('sesame_outbox_oldest_unpublished_age_seconds');
    expect(lag).toBeGreaterThanOrEqual(45);
    expect(lag).toBeLessThan(75);
  });
});
