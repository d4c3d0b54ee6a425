import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import type { Counter, Registry } from 'prom-client';
import { loadConfig, SchedulerConfig } from '@sesame/config';
import { METRICS } from '@sesame/observability';
import { createTestDatabase, deleteRedisPrefix, TEST_REDIS_URL, TestDatabase, uniqueRedisPrefix } from '@sesame/testing';
import { SchedulerModule } from './scheduler.module';

const INTERVAL_MS = 500;

describe('two scheduler replicas on one Redis prefix', () => {
  let db: TestDatabase;
  const prefix = uniqueRedisPrefix('schedreplicas');
  const apps: INestApplicationContext[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('schedreplicas');
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  async function boot(): Promise<INestApplicationContext> {
    const config = loadConfig(SchedulerConfig, {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      EXPIRED_LINK_PURGE_INTERVAL_MS: String(INTERVAL_MS),
    });
    const app = await NestFactory.createApplicationContext(SchedulerModule.forRoot(config, pino({ level: 'silent' })), {
      logger: false,
    });
    apps.push(app);
    return app;
  }

  /** `purge-expired-links` runs started by one replica, read from its Prometheus counter. */
  async function runs(app: INestApplicationContext): Promise<number> {
    const metric = app.get<Registry>(METRICS).getSingleMetric('sesame_scheduler_runs_total') as Counter<string>;
    const { values } = await metric.get();
    return values.find((v) => v.labels.job === 'purge-expired-links')?.value ?? 0;
  }

  const totalRuns = async () => (await Promise.all(apps.map(runs))).reduce((a, b) => a + b, 0);

  it('run each tick once cluster-wide, not once per replica', async () => {
    const bootStarted = Date.now();
    await boot();
    await boot();
    const windowStart = Date.now();
    const before = await totalRuns();

    await new Promise((r) => setTimeout(r, 3000));

    const windowMs = Date.now() - windowStart;
    const inWindow = (await totalRuns()) - before;
    const sinceBoot = await totalRuns();
    const perInterval = windowMs / INTERVAL_MS;
    // Once per tick is ~6 in 3 s; a job per replica would be ~12.
    expect(inWindow).toBeGreaterThanOrEqual(Math.floor(perInterval) - 1);
    expect(inWindow).toBeLessThanOrEqual(Math.ceil(perInterval) + 1);
    // The second replica's upsert must not have queued an extra job either.
    expect(sinceBoot).toBeLessThanOrEqual(Math.ceil((Date.now() - bootStarted) / INTERVAL_MS) + 1);
  }, 15_000);
});
