import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig, TokenServiceConfig } from '@sesame/config';
import { createLogger } from '@sesame/observability';
import { createTestDatabase, deleteRedisPrefix, TEST_REDIS_URL, TestDatabase, uniqueRedisPrefix } from '@sesame/testing';
import type { Resolver } from '@sesame/webhooks';
import { TokenServiceModule } from '../token-service.module';

/** Test-only (excluded from the build): a real token-service for the integration specs. */
export interface TokenServiceContext {
  app: INestApplicationContext;
  ds: DataSource;
  db: TestDatabase;
  prefix: string;
  config: TokenServiceConfig;
  /** Closes the app, drops the database and deletes the Redis keys (the suite's afterAll). */
  close(): Promise<void>;
}

/** The outbox poll is slow by default so a suite sees its outbox rows before the relay publishes them. */
const DEFAULT_ENV: Record<string, string> = {
  REDIS_URL: TEST_REDIS_URL,
  TOKEN_PEPPER: 'k1:' + 'x'.repeat(40),
  OUTBOX_POLL_MS: '60000',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3999',
};

/**
 * The token-service module on a fresh migrated database and Redis prefix of its own, both named
 * after `label`. `env` overrides the defaults above; DATABASE_URL and REDIS_PREFIX are the context's.
 */
export async function startTokenServiceContext(label: string, env: Record<string, string> = {}, resolver?: Resolver): Promise<TokenServiceContext> {
  const db = await createTestDatabase(label);
  const prefix = uniqueRedisPrefix(label);
  let app: INestApplicationContext | undefined;
  const close = async () => {
    await app?.close();
    await db.drop();
    await deleteRedisPrefix(prefix);
  };
  try {
    const config = loadConfig(TokenServiceConfig, { ...DEFAULT_ENV, ...env, DATABASE_URL: db.url, REDIS_PREFIX: prefix });
    app = await NestFactory.createApplicationContext(TokenServiceModule.forRoot(config, createLogger('test', 'silent'), resolver), { logger: false });
    await app.init();
    return { app, ds: app.get(DataSource), db, prefix, config, close };
  } catch (err) {
    await close();
    throw err;
  }
}
