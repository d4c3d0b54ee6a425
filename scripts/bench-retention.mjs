#!/usr/bin/env node
// `npm run bench:retention`: 1,000,000 expired links purged by the real scheduler while an
// authenticate load runs through the gateway; prints one JSON line with
//   purge_seconds       first batch to last batch of the expired-links purge (retention_runs)
//   p99_without_ms      authenticate p99 at RATE req/s before the purge (same data in the table)
//   p99_with_ms         authenticate p99 at RATE req/s while the purge runs
// The purge is held back during setup and the baseline by holding its advisory lock, exactly as a
// second scheduler replica would; releasing the lock lets the next tick (1 s) start it.
// Env: LINKS (1000000), RATE (200), D (15, baseline seconds), C (10 connections),
//      PURGE_BATCH_SIZE (5000), PURGE_PAUSE_MS (20).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const LINKS = Number(process.env.LINKS ?? 1_000_000), RATE = Number(process.env.RATE ?? 200), D = Number(process.env.D ?? 15);
const C = Number(process.env.C ?? 10), MAX_PURGE_S = 90;
const BATCH = process.env.PURGE_BATCH_SIZE ?? '5000', PAUSE = process.env.PURGE_PAUSE_MS ?? '20';

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) process.exit(1);
process.env.SESAME_DIST_DIR ??= path.join(root, 'dist');
const { startStack } = require(path.join(root, 'dist/libs/testing/src/stack.js'));

const log = (msg, extra = {}) => console.error(JSON.stringify({ t: new Date().toISOString(), msg, ...extra }));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const run = (opts) => {
  let instance;
  const done = new Promise((resolve, reject) => { instance = autocannon(opts, (e, r) => (e ? reject(e) : resolve(r))); });
  return { instance, done };
};

const stack = await startStack({
  label: 'benchret',
  env: { EXPIRED_LINK_PURGE_INTERVAL_MS: '1000', EXPIRED_LINK_GRACE_MS: '0', PURGE_BATCH_SIZE: BATCH, PURGE_PAUSE_MS: PAUSE, PURGE_INTERVAL_MS: '60000' },
});
const lock = new pg.Client({ connectionString: stack.db.url });
try {
  await lock.connect();
  await lock.query(`SELECT pg_advisory_lock(hashtext('sesame:purge:expired-links'))`);
  const tenant = await stack.api('/v1/tenants', { method: 'POST', key: stack.rootKey, body: { name: 'Bench', app_origin: 'http://localhost:4000' } });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${tenant.body.api_key}` };

  // Tokens for both phases (each is consumed once).
  const needed = Math.ceil(RATE * (D + MAX_PURGE_S + 10));
  const tokens = [];
  let n = 0;
  log('creating tokens', { needed });
  await run({
    url: stack.baseUrl, connections: 20, amount: needed, requests: [{
      method: 'POST', path: '/v1/magic-links', headers,
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `b${n++ % 500}@bench.test`, send: false }) }),
      onResponse: (status, body) => { if (status === 201) tokens.push(JSON.parse(body).url.split('/l/')[1]); },
    }],
  }).done;

  const { rows: [{ tenant_id, user_id }] } = await stack.db.pool.query(`SELECT tenant_id, user_id FROM magic_links LIMIT 1`);
  log('inserting expired links', { links: LINKS });
  let t = Date.now();
  await stack.db.pool.query(
    `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at, created_at)
     SELECT gen_random_uuid(), $1, $2, 'login', sha256(int8send(i)), now() - interval '1 minute', now() - interval '11 minutes'
     FROM generate_series(1, $3::int) i`,
    [tenant_id, user_id, LINKS],
  );
  const insertSeconds = (Date.now() - t) / 1000;
  await stack.db.pool.query('VACUUM ANALYZE magic_links');
  await stack.db.pool.query('CHECKPOINT').catch(() => undefined);
  log('inserted', { insertSeconds });

  let next = 0;
  const authLoad = (extra) => run({
    url: stack.baseUrl, connections: C, overallRate: RATE, ...extra, requests: [{
      method: 'POST', path: '/v1/magic-links/authenticate', headers,
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ token: tokens[next++ % tokens.length] }) }),
    }],
  });

  log('baseline', { seconds: D, rate: RATE });
  const baseline = await authLoad({ duration: D }).done;

  const { rows: [{ t0 }] } = await stack.db.pool.query('SELECT now() AS t0');
  await lock.query(`SELECT pg_advisory_unlock(hashtext('sesame:purge:expired-links'))`);
  log('purge released');
  const during = authLoad({ duration: MAX_PURGE_S });
  t = Date.now();
  let remaining = true;
  while (remaining && Date.now() - t < MAX_PURGE_S * 1000) {
    await sleep(250);
    const { rows } = await stack.db.pool.query(
      `SELECT EXISTS (SELECT 1 FROM magic_links WHERE consumed_at IS NULL AND revoked_at IS NULL AND expires_at < now() - interval '30 seconds') AS remaining`);
    remaining = rows[0].remaining;
  }
  during.instance.stop();
  const withPurge = await during.done;
  const { rows: [runs] } = await stack.db.pool.query(
    `SELECT count(*)::int AS runs, COALESCE(sum(deleted), 0)::float8 AS deleted, sum(batches)::int AS batches,
            EXTRACT(EPOCH FROM max(finished_at) - min(started_at))::float8 AS purge_seconds,
            EXTRACT(EPOCH FROM max(finished_at) - $1)::float8 AS seconds_from_release
     FROM retention_runs WHERE purge = 'expired-links' AND started_at >= $1 AND deleted > 0`,
    [t0],
  );
  const p99Without = baseline.latency.p99, p99With = withPurge.latency.p99;
  console.log(JSON.stringify({
    scenario: 'retention', links: LINKS, purged: runs.deleted, complete: !remaining, runs: runs.runs, batches: runs.batches,
    purge_seconds: +Number(runs.purge_seconds).toFixed(2), seconds_from_release: +Number(runs.seconds_from_release).toFixed(2),
    purge_rows_per_s: Math.round(runs.deleted / runs.purge_seconds),
    rate: RATE, p99_without_ms: p99Without, p99_with_ms: p99With, p99_ratio: +(p99With / p99Without).toFixed(2),
    p50_without_ms: baseline.latency.p50, p50_with_ms: withPurge.latency.p50,
    ok_without: baseline['2xx'], ok_with: withPurge['2xx'], non2xx_without: baseline.non2xx, non2xx_with: withPurge.non2xx,
    under_60s: runs.purge_seconds < 60, p99_within_2x: p99With <= 2 * p99Without,
    batch_size: Number(BATCH), pause_ms: Number(PAUSE), insert_seconds: insertSeconds,
    cpus: os.cpus().length, loadavg_1m: +os.loadavg()[0].toFixed(2),
  }));
} finally {
  await lock.end().catch(() => undefined);
  await stack.stop();
}
