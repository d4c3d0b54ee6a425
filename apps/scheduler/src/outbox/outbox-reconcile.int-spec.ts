import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig, SchedulerConfig } from '@sesame/config';
import { bullPrefix, createRedis, QUEUES, RedisConnection } from '@sesame/messaging';
import { createTestDatabase, deleteRedisPrefix, TEST_REDIS_URL, TestDatabase, uniqueRedisPrefix } from '@sesame/testing';
import { SchedulerModule } from '../scheduler.module';
import { OutboxReconcileService } from './outbox-reconcile.service';
import { redisEpochKey, RedisEpochWatcher } from './redis-epoch.watcher';

describe('outbox reconciliation and the Redis epoch watcher (real Postgres and RedisConnection)', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let ds: DataSource;
  let redis: RedisConnection;
  let mail: Queue;
  const prefix = uniqueRedisPrefix('reconcile');

  beforeAll(async () => {
    db = await createTestDatabase('reconcile');
    // Long intervals: the test drives reconcile() and check() itself.
    const config = loadConfig(SchedulerConfig, {
      DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, OUTBOX_STALE_MS: '1000',
      OUTBOX_RECONCILE_INTERVAL_MS: '600000', REDIS_WATCH_MS: '60000', OUTBOX_REPLAY_WINDOW_MINUTES: '60',
    });
    app = await NestFactory.createApplicationContext(SchedulerModule.forRoot(config, pino({ level: 'silent' })), { logger: false });
    ds = app.get(DataSource);
    redis = createRedis(TEST_REDIS_URL, { name: 'reconcile-test' });
    mail = new Queue(QUEUES.mail, { connection: redis, prefix: bullPrefix(prefix) });
    // A job scheduler's first tick runs at once: let that automatic reconciliation finish, so the
    // calls below are the only ones (the next tick is ten minutes away).
    const scheduler = new Queue(QUEUES.scheduler, { connection: redis, prefix: bullPrefix(prefix) });
    const deadline = Date.now() + 10_000;
    while (!(await scheduler.getCompleted()).some((j) => j.name === 'reconcile-outbox') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await scheduler.close();
  });
  afterAll(async () => {
    await mail?.close();
    await redis?.quit();
    await app?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  async function outboxRow(opts: { age: string; published?: string }): Promise<string> {
    const [{ id }] = await ds.query(
      `INSERT INTO outbox (queue, job_name, payload, created_at, published_at)
       VALUES ('mail', 'send-link', '{"deliveryId":"d"}', now() - $1::interval, now() - $2::interval) RETURNING id::text`,
      [opts.age, opts.published ?? null],
    );
    return id;
  }
  const published = async (id: string) => (await ds.query(`SELECT published_at FROM outbox WHERE id = $1`, [id]))[0].published_at;

  it('publishes unpublished rows older than OUTBOX_STALE_MS once, and leaves fresh ones to the relay', async () => {
    const stale = await outboxRow({ age: '10 seconds' });
    const fresh = await outboxRow({ age: '0 seconds' });

    const result = await app.get(OutboxReconcileService).reconcile();

    expect(result.examined).toBe(1);
    expect((await mail.getJob(`ob-${stale}`))?.name).toBe('send-link');
    expect(await mail.getJob(`ob-${fresh}`)).toBeUndefined();
    expect(await published(stale)).not.toBeNull();
    expect(await published(fresh)).toBeNull();
    const [run] = await ds.query(`SELECT purge, examined::int FROM retention_runs WHERE purge = 'outbox-reconcile'`);
    expect(run).toEqual({ purge: 'outbox-reconcile', examined: 1 });

    // Published again (say the row was reset): still one job.
    await ds.query(`UPDATE outbox SET published_at = NULL WHERE id = $1`, [stale]);
    await app.get(OutboxReconcileService).reconcile();
    expect((await mail.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.id === `ob-${stale}`)).toHaveLength(1);
  });

  it('after Redis lost its data, replays rows published within the window, then writes the marker', async () => {
    await ds.query('DELETE FROM outbox');
    const recent = await outboxRow({ age: '10 minutes', published: '5 minutes' });
    const old = await outboxRow({ age: '3 hours', published: '2 hours' });
    const pending = await outboxRow({ age: '1 second' });
    const watcher = app.get(RedisEpochWatcher);
    await redis.del(redisEpochKey(prefix));

    expect(await watcher.check()).toBe(1);

    expect(await published(recent)).toBeNull();
    expect(await published(old)).not.toBeNull();
    expect(await published(pending)).toBeNull();
    expect(await redis.exists(redisEpochKey(prefix))).toBe(1);
    // The job schedulers (also lost) are back.
    const schedulerQueue = new Queue(QUEUES.scheduler, { connection: redis, prefix: bullPrefix(prefix) });
    const schedulers = await schedulerQueue.getJobSchedulers();
    await schedulerQueue.close();
    expect(schedulers.map((s) => s.key).sort()).toEqual(['purge-expired-links', 'purge-retained-data', 'reconcile-outbox']);

    // With the marker in place nothing happens.
    await ds.query(`UPDATE outbox SET published_at = now() WHERE id = $1`, [recent]);
    expect(await watcher.check()).toBeNull();
    expect(await published(recent)).not.toBeNull();
  });
});
