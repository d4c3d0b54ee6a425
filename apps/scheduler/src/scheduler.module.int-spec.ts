import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig, SchedulerConfig } from '@sesame/config';
import { currentCorrelationId, HealthService } from '@sesame/observability';
import { createTestDatabase, deleteRedisPrefix, TEST_REDIS_URL, TestDatabase, uniqueRedisPrefix } from '@sesame/testing';
import { SCHEDULER_REDIS } from './redis.provider';
import { SchedulerModule } from './scheduler.module';
import type { RedisConnection } from '@sesame/messaging';

describe('SchedulerModule', () => {
  let db: TestDatabase;
  let app: INestApplicationContext | undefined;
  const prefix = uniqueRedisPrefix('schedmodule');
  const logLines: Array<Record<string, unknown>> = [];
  const logSink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(JSON.parse(String(chunk)));
      done();
    },
  });

  beforeAll(async () => {
    db = await createTestDatabase('schedmodule');
  });
  afterAll(async () => {
    await app?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
  });

  it('boots, purges on schedule, serves health and metrics, and shuts down cleanly', async () => {
    const config = loadConfig(SchedulerConfig, {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      PURGE_INTERVAL_MS: '500',
      EXPIRED_LINK_PURGE_INTERVAL_MS: '500',
    });
    // Same correlation-id mixin as createLogger, whose destination is stdout.
    const logger = pino({ level: 'info', messageKey: 'msg', mixin: () => ({ correlationId: currentCorrelationId() }) }, logSink);
    app = await NestFactory.createApplicationContext(SchedulerModule.forRoot(config, logger), { logger: false });
    const dataSource = app.get(DataSource);
    const redis = app.get<RedisConnection>(SCHEDULER_REDIS);
    const base = `http://127.0.0.1:${await app.get(HealthService).listen()}`;

    const linkId = await insertExpiredLink(dataSource);
    await waitFor(async () => (await dataSource.query('SELECT 1 FROM magic_links WHERE id = $1', [linkId])).length === 0);

    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/sesame_scheduler_runs_total\{job="purge-expired-links",service="scheduler"\} [1-9]/);
    expect(metrics).toContain('sesame_scheduler_deleted_rows_total{job="purge-expired-links",service="scheduler"} 1');
    expect(metrics).toMatch(/sesame_links_expired_total\{type="[a-z_]+",service="scheduler"\} 1/);
    expect(metrics).toMatch(/sesame_queue_waiting_jobs\{queue="mail",service="scheduler"\} 0/);
    expect(metrics).toContain('sesame_outbox_unpublished_rows{service="scheduler"} 0');
    expect(metrics).toContain('sesame_ready{service="scheduler"} 1');
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: 'scheduler job done',
        name: 'purge-expired-links',
        queue: 'scheduler',
        jobId: expect.any(String),
        durationMs: expect.any(Number),
        deleted: 1,
        outcome: 'completed',
        correlationId: expect.any(String),
      }),
    );

    const closing = app;
    app = undefined;
    await closing.close();

    expect(redis.status).toBe('end');
    expect(dataSource.isInitialized).toBe(false);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  }, 15_000);
});

async function insertExpiredLink(ds: DataSource): Promise<string> {
  const [tenantId, userId, linkId] = [randomUUID(), randomUUID(), randomUUID()];
  await ds.query(`INSERT INTO tenants (id, slug, name, policy) VALUES ($1, 'acme', 'Acme', '{"app":{"origin":"https://app.example.com"}}')`, [tenantId]);
  await ds.query(`INSERT INTO users (id, tenant_id, email) VALUES ($1, $2, 'ada@example.com')`, [userId, tenantId]);
  await ds.query(
    `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at)
     VALUES ($1, $2, $3, 'login', $4, now() - interval '1 minute')`,
    [linkId, tenantId, userId, randomBytes(32)],
  );
  return linkId;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
