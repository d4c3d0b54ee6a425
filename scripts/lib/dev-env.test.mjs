// `npm run test:scripts`: a second development stack on another PORT shares nothing with the first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { devEnv, healthPort } from './dev-env.mjs';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['PORT', 'DATABASE_URL', 'REDIS_PREFIX']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});
const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-dev-env-'));

test('the default stack: port 3000, database and Redis prefix sesame, workers on 3101-3104', () => {
  delete process.env.PORT;
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_PREFIX;
  const env = devEnv(scratch());
  assert.equal(env.PORT, '3000');
  assert.equal(env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/sesame');
  assert.equal(env.REDIS_PREFIX, 'sesame');
  assert.deepEqual(['token-service', 'mail-worker', 'scheduler', 'webhook-dispatcher', 'gateway'].map((p) => healthPort(env, p)), [3101, 3102, 3103, 3104, undefined]);
});

test('another PORT gets its own database, Redis prefix and worker ports', () => {
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_PREFIX;
  process.env.PORT = '3200';
  const env = devEnv(scratch());
  assert.equal(env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/sesame_3200');
  assert.equal(env.REDIS_PREFIX, 'sesame_3200');
  assert.equal(env.PUBLIC_BASE_URL, 'http://localhost:3200');
  assert.equal(healthPort(env, 'token-service'), 3301);
});

test('the environment wins over derived names; secrets are generated once and kept', () => {
  process.env.PORT = '3200';
  process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/mine';
  process.env.REDIS_PREFIX = 'mine';
  const root = scratch();
  const first = devEnv(root);
  assert.equal(first.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/mine');
  assert.equal(first.REDIS_PREFIX, 'mine');
  assert.equal(devEnv(root).SESAME_ROOT_API_KEY, first.SESAME_ROOT_API_KEY);
});
