import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Registry } from 'prom-client';
import { HealthService, workerHealthProviders } from './health.service';
import { CONFIG, METRICS } from './tokens';

const DB = Symbol('DB');
const REDIS = Symbol('REDIS');

async function startApp(deps: { db: { query(sql: string): Promise<unknown> }; redis: { ping(): Promise<unknown> } }) {
  @Module({
    providers: [
      { provide: CONFIG, useValue: { HEALTH_HOST: '127.0.0.1', HEALTH_PORT: 0 } },
      { provide: METRICS, useValue: new Registry() },
      { provide: DB, useValue: deps.db },
      { provide: REDIS, useValue: deps.redis },
      ...workerHealthProviders({ postgres: DB, redis: REDIS }),
    ],
  })
  class HealthTestModule {}
  const app = await NestFactory.createApplicationContext(HealthTestModule, { logger: false });
  const base = `http://127.0.0.1:${await app.get(HealthService).listen()}`;
  return { app, base };
}

describe('HealthService', () => {
  it('is ready while Postgres and Redis answer, with SELECT 1 and PING', async () => {
    const db = { query: jest.fn().mockResolvedValue([{ '?column?': 1 }]) };
    const redis = { ping: jest.fn().mockResolvedValue('PONG') };
    const { app, base } = await startApp({ db, redis });
    try {
      const res = await fetch(`${base}/health/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
      expect(db.query).toHaveBeenCalledWith('SELECT 1');
      expect(redis.ping).toHaveBeenCalled();
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers 503 naming the dependency that fails', async () => {
    const { app, base } = await startApp({
      db: { query: async () => [] },
      redis: { ping: async () => { throw new Error('Connection is closed.'); } },
    });
    try {
      const res = await fetch(`${base}/health/ready`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', checks: { postgres: 'ok', redis: 'Connection is closed.' } });
    } finally {
      await app.close();
    }
  });

  it('stops listening when the module is destroyed', async () => {
    const { app, base } = await startApp({ db: { query: async () => [] }, redis: { ping: async () => 'PONG' } });
    await app.close();
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
