#!/usr/bin/env node
// `npm run bench`: starts the five real processes (compiled, fake SendGrid as the provider) and
// measures through the gateway, printing one JSON line per scenario:
//   create       POST /v1/magic-links send=false, C connections for D seconds (unique emails)
//   create_send  the same with send=true: the whole pipeline (outbox, relay, mail-worker, provider)
//   authenticate K fresh tokens, each consumed once, C connections
//   replay       100 used tokens again: all must be refused
//   webhooks     deliveries per second to a local receiver: WH_N links (2000) × WH_E endpoints (10)
//                (scripts/lib/bench-webhooks.mjs)
//   mail         the mail-worker's sends per second to the fake SendGrid: MAIL_N links (5000) queued
//                while the mail queue is paused, timed from resume until all are `sent`
//                (scripts/lib/bench-mail.mjs); MAIL_TIMEOUT_S (120) bounds it, a timeout exits 1
// Env: C (50), D (10), K (10000), WARMUP (2), WH_N, WH_E, MAIL_N, MAIL_TIMEOUT_S, MAIL_CONCURRENCY (32).
// `--only=links|webhooks|mail` runs one group (several: `--only=links,mail`).
// `--compare` also runs ../shared/bench/{limit,peer-better-auth}.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchMail } from './lib/bench-mail.mjs';
import { benchWebhooks } from './lib/bench-webhooks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const C = Number(process.env.C ?? 50), D = Number(process.env.D ?? 10), K = Number(process.env.K ?? 10000), WARMUP = Number(process.env.WARMUP ?? 2);
const WH_N = Number(process.env.WH_N ?? 2000), WH_E = Number(process.env.WH_E ?? 10);
const MAIL_N = Number(process.env.MAIL_N ?? 5000), MAIL_TIMEOUT_S = Number(process.env.MAIL_TIMEOUT_S ?? 120);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const runs = (group) => !only || only.includes(group);

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) process.exit(1);
process.env.SESAME_DIST_DIR ??= path.join(root, 'dist'); // the harness resolves the processes from here
const { startStack } = require(path.join(root, 'dist/libs/testing/src/stack.js'));
const { bullPrefix, QUEUES } = require(path.join(root, 'dist/libs/messaging/src/index.js'));
const { Queue } = require('bullmq');

const run = (opts) => new Promise((resolve, reject) => autocannon(opts, (e, r) => (e ? reject(e) : resolve(r))));
const summary = (scenario, r, extra = {}) => ({
  scenario, rps: Math.round(r['2xx'] / (r.duration || 1)), ok: r['2xx'], non2xx: r.non2xx, errors: r.errors,
  p50_ms: r.latency.p50, p99_ms: r.latency.p99, ...extra,
});

// Dispatcher settings can be tried from the environment (WEBHOOK_CONCURRENCY=… npm run bench).
const passThrough = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('WEBHOOK_')));
const stack = await startStack({ label: 'bench', env: { MAIL_CONCURRENCY: process.env.MAIL_CONCURRENCY ?? '32', ...passThrough } });
let failed = false;
try {
  const tenant = await stack.api('/v1/tenants', { method: 'POST', key: stack.rootKey, body: { name: 'Bench', app_origin: 'http://localhost:4000' } });
  const key = tenant.body.api_key;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  const tag = Date.now().toString(36);
  let n = 0;
  const createReq = (send) => [{
    method: 'POST', path: '/v1/magic-links', headers,
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `u${tag}-${n++}@bench.test`, send }) }),
  }];

  console.log(JSON.stringify({ scenario: 'meta', node: process.version, cpus: os.cpus().length, loadavg_1m: +os.loadavg()[0].toFixed(2), C, D, K, WARMUP, WH_N, WH_E, MAIL_N }));
  if (runs('links')) {
    await run({ url: stack.baseUrl, connections: C, duration: WARMUP, requests: createReq(false) });
    console.log(JSON.stringify(summary('create', await run({ url: stack.baseUrl, connections: C, duration: D, requests: createReq(false) }))));
    const sentBefore = stack.sendgrid.requests.length;
    const withSend = await run({ url: stack.baseUrl, connections: C, duration: D, requests: createReq(true) });
    const acceptedDuringRun = stack.sendgrid.requests.length - sentBefore;
    // Let the mail backlog drain, so the next scenario measures verification alone.
    const drainStart = Date.now();
    while (stack.sendgrid.requests.length - sentBefore < withSend['2xx'] && Date.now() - drainStart < 60_000) await new Promise((r) => setTimeout(r, 100));
    console.log(JSON.stringify(summary('create_send', withSend, {
      mails_accepted_during_run: acceptedDuringRun, mails_accepted: stack.sendgrid.requests.length - sentBefore,
      drain_s: +((Date.now() - drainStart) / 1000).toFixed(1),
    })));

    const tokens = [];
    await run({
      url: stack.baseUrl, connections: C, amount: K, requests: [{
        ...createReq(false)[0],
        onResponse: (status, body) => { if (status === 201) tokens.push(JSON.parse(body).url.split('/l/')[1]); },
      }],
    });
    let i = 0;
    const auth = await run({
      url: stack.baseUrl, connections: C, amount: tokens.length, requests: [{
        method: 'POST', path: '/v1/magic-links/authenticate', headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ token: tokens[i++] }) }),
      }],
    });
    console.log(JSON.stringify(summary('authenticate', auth)));

    let j = 0;
    const replayed = tokens.slice(0, 100);
    const replay = await run({
      url: stack.baseUrl, connections: 10, amount: replayed.length, requests: [{
        method: 'POST', path: '/v1/magic-links/authenticate', headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ token: replayed[j++] }) }),
      }],
    });
    console.log(JSON.stringify({ scenario: 'replay', accepted: replay['2xx'], rejected: replay.non2xx }));
  }
  if (runs('webhooks')) console.log(JSON.stringify(await benchWebhooks({ stack, run, C, E: WH_E, N: WH_N })));
  if (runs('mail')) {
    const mail = await benchMail({ stack, run, C, N: MAIL_N, timeoutS: MAIL_TIMEOUT_S, Queue, queueName: QUEUES.mail, bullPrefix });
    console.log(JSON.stringify(mail));
    failed ||= mail.timed_out === true;
  }
} finally {
  await stack.stop();
}
if (failed) process.exitCode = 1;

if (process.argv.includes('--compare')) {
  for (const ref of ['limit', 'peer-better-auth']) {
    const src = path.join(root, '..', 'shared', 'bench', ref);
    if (!fs.existsSync(src)) continue;
    // shared/ is read-only: run a copy, where the reference can install its own dependencies.
    const dir = path.join(os.tmpdir(), `sesame-bench-${ref}`);
    fs.cpSync(src, dir, { recursive: true, filter: (f) => !f.includes('node_modules') });
    const r = spawnSync('bash', ['run.sh'], { cwd: dir, encoding: 'utf8', env: { ...process.env, C: String(C), D: String(D) }, stdio: ['ignore', 'pipe', 'inherit'] });
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('{'))) console.log(JSON.stringify({ reference: ref, ...JSON.parse(line) }));
  }
}
