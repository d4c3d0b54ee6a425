#!/usr/bin/env node
// `npm run bench`: starts the five real processes (compiled, fake SendGrid as the provider) and
// measures through the gateway, printing one JSON line per scenario:
//   create       POST /v1/magic-links send=false, C connections for D seconds (unique emails)
//   create_send  the same with send=true, timed on until the provider accepted every email: the
//                whole pipeline's sustained rate and CPU per link per process
//   create_send_at_rate  RATE links/s offered (300): API answer → provider accept p50/p99
//                (both in scripts/lib/bench-pipeline.mjs)
//   authenticate K fresh tokens, each consumed once, C connections
//   replay       100 used tokens again: all must be refused
//   webhooks     deliveries per second to a local receiver: WH_N links (2000) × WH_E endpoints (10)
//                (scripts/lib/bench-webhooks.mjs)
//   mail         the mail-worker's sends per second to the fake SendGrid: MAIL_N links (5000) queued
//                while the mail queue is paused, timed from resume until all are `sent`
//                (scripts/lib/bench-mail.mjs); MAIL_TIMEOUT_S (120) bounds it, a timeout exits 1
//   overload     create send=true from C connections (peak), then OVERLOAD_X × C (20): goodput vs
//                peak, accepted p50/p99, refusal latency, drain (scripts/lib/bench-overload.mjs)
//   noisy_neighbour  tenant B at B_RATE (20/s) alone, then beside tenant A pushing from NOISY_C (500)
// Env: C (50), D (10), K (10000), WARMUP (2), RATE (300, 0 skips), WH_N, WH_E, MAIL_N, MAIL_TIMEOUT_S,
// MAIL_CONCURRENCY (32), PROFILE (a directory for every process's CPU profile), PROFILE_SCENARIO
// (create_send, create or authenticate: the scenario profiled). WEBHOOK_*, OUTBOX_*, ADMISSION_*,
// RPC_*, SENDGRID_CLIENT and NODE_OPTIONS (e.g. --max-semi-space-size=32) reach the stack's processes.
// `--only=links|webhooks|mail|overload` runs one group (several: `--only=links,mail`).
// `--compare` also runs the references in BENCH_REFS_DIR (../shared/bench): limit, peer-better-auth,
// and peer-better-auth again mailing each link inline to a local sink (its MAIL_SINK_URL mode).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { benchMail } from './lib/bench-mail.mjs';
import { benchNoisyNeighbour, benchOverload } from './lib/bench-overload.mjs';
import { benchTenant } from './lib/bench-tenant.mjs';
import { benchPipeline } from './lib/bench-pipeline.mjs';
import { cpuMsPer, cpuSeconds } from './lib/cpu-usage.mjs';
import { startMailSink } from './lib/mail-sink.mjs';
import { benchWebhooks } from './lib/bench-webhooks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const C = Number(process.env.C ?? 50), D = Number(process.env.D ?? 10), K = Number(process.env.K ?? 10000), WARMUP = Number(process.env.WARMUP ?? 2);
const WH_N = Number(process.env.WH_N ?? 2000), WH_E = Number(process.env.WH_E ?? 10);
const MAIL_N = Number(process.env.MAIL_N ?? 5000), MAIL_TIMEOUT_S = Number(process.env.MAIL_TIMEOUT_S ?? 120);
const RATE = Number(process.env.RATE ?? 300);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const runs = (group) => !only || only.includes(group);
const REFS = process.env.BENCH_REFS_DIR ?? path.join(root, '..', 'shared', 'bench');

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (build.status !== 0) process.exit(1);
process.env.SESAME_DIST_DIR ??= path.join(root, 'dist'); // the harness resolves the processes from here
const { startStack } = require(path.join(root, 'dist/libs/testing/src/stack.js'));
const { bullPrefix, QUEUES } = require(path.join(root, 'dist/libs/messaging/src/index.js'));
const { Queue } = require('bullmq');

const PROFILE_SCENARIO = process.env.PROFILE_SCENARIO ?? 'create_send';
const toggleProfilers = async (stack) => {
  for (const p of stack.processes) process.kill(p.pid, 'SIGWINCH');
  await new Promise((r) => setTimeout(r, 1000)); // started, or written
};
// Runs one scenario, with every process profiled when it is the PROFILE_SCENARIO.
const profiled = async (stack, scenario, work) => {
  const on = Boolean(profile.CPU_PROFILE_DIR) && scenario === PROFILE_SCENARIO;
  if (on) await toggleProfilers(stack);
  try {
    return await work();
  } finally {
    if (on) await toggleProfilers(stack);
  }
};
const run = (opts) => new Promise((resolve, reject) => autocannon(opts, (e, r) => (e ? reject(e) : resolve(r))));
// A load run with each process's CPU per answered request (2xx) beside it: where a scenario's time goes.
const measured = async (stack, opts) => {
  const before = await cpuSeconds(stack);
  const r = await run(opts);
  return [r, { cpu_ms_per_request: cpuMsPer(before, await cpuSeconds(stack), r['2xx']) }];
};
const summary = (scenario, r, extra = {}) => ({
  scenario, rps: Math.round(r['2xx'] / (r.duration || 1)), ok: r['2xx'], non2xx: r.non2xx, errors: r.errors,
  p50_ms: r.latency.p50, p99_ms: r.latency.p99, ...extra,
  ...(r.non2xx ? { statuses: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])) } : {}),
});

// Settings can be tried from the environment (WEBHOOK_CONCURRENCY=…, SENDGRID_CLIENT=official npm run bench).
const passThrough = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(WEBHOOK_|OUTBOX_|ADMISSION_|RPC_|SENDGRID_CLIENT$|NODE_OPTIONS$)/.test(k)));
// PROFILE=<dir>: every process writes a V8 CPU profile of one scenario (PROFILE_SCENARIO, create_send) there
// (scripts/lib/cpu-profile.mjs; `node scripts/cpu-profile-top.mjs <dir>` prints the top frames).
const profile = process.env.PROFILE ? {
  NODE_OPTIONS: `--import=${pathToFileURL(path.join(root, 'scripts/lib/cpu-profile.mjs')).href}`, CPU_PROFILE_DIR: path.resolve(process.env.PROFILE),
} : {};
// The harness runs the scheduler's housekeeping every second (tests wait on it); a deployment runs
// it at its defaults, and so does the bench, or CPU per link would carry a test-speed scheduler.
const housekeeping = { PURGE_INTERVAL_MS: '60000', EXPIRED_LINK_PURGE_INTERVAL_MS: '15000', EXPIRED_LINK_GRACE_MS: '5000', OUTBOX_RECONCILE_INTERVAL_MS: '5000' };
const stack = await startStack({ label: 'bench', env: { ...housekeeping, MAIL_CONCURRENCY: process.env.MAIL_CONCURRENCY ?? '32', ...passThrough, ...profile } });
let failed = false;
try {
  const { key } = await benchTenant(stack, 'Bench');
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
    const create = await profiled(stack, 'create', () => measured(stack, { url: stack.baseUrl, connections: C, duration: D, requests: createReq(false) }));
    console.log(JSON.stringify(summary('create', ...create)));
    console.log(JSON.stringify(await profiled(stack, 'create_send', () => benchPipeline({ stack, run, C, D, label: 'create_send' }))));
    if (RATE > 0) console.log(JSON.stringify(await benchPipeline({ stack, run, C, D, rate: RATE, label: 'create_send_at_rate' })));

    const tokens = [];
    await run({
      url: stack.baseUrl, connections: C, amount: K, requests: [{
        ...createReq(false)[0],
        onResponse: (status, body) => { if (status === 201) tokens.push(JSON.parse(body).url.split('/l/')[1]); },
      }],
    });
    let i = 0;
    const [auth, authCpu] = await profiled(stack, 'authenticate', () => measured(stack, {
      url: stack.baseUrl, connections: C, amount: tokens.length, requests: [{
        method: 'POST', path: '/v1/magic-links/authenticate', headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ token: tokens[i++] }) }),
      }],
    }));
    console.log(JSON.stringify(summary('authenticate', auth, authCpu)));

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
  if (runs('overload')) {
    console.log(JSON.stringify(await benchOverload({ stack, C, D, overloadX: Number(process.env.OVERLOAD_X ?? 20) })));
    console.log(JSON.stringify(await benchNoisyNeighbour({ stack, D, bRate: Number(process.env.B_RATE ?? 20), noisyC: Number(process.env.NOISY_C ?? 500) })));
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

// Runs a reference's run.sh on a copy (shared/ is read-only; the copy may install its own
// dependencies) without blocking this process, which may be serving the reference's mail sink.
function runReference(ref, env = {}) {
  const src = path.join(REFS, ref);
  if (!fs.existsSync(src)) return Promise.resolve([]);
  const dir = path.join(os.tmpdir(), `sesame-bench-${ref}`);
  fs.cpSync(src, dir, { recursive: true, filter: (f) => !f.includes('node_modules') });
  return new Promise((resolve) => {
    const child = spawn('bash', ['run.sh'], { cwd: dir, env: { ...process.env, C: String(C), D: String(D), K: String(K), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => resolve(out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))));
  });
}

if (process.argv.includes('--compare')) {
  for (const ref of ['limit', 'peer-better-auth']) {
    for (const line of await runReference(ref)) console.log(JSON.stringify({ reference: ref, ...line }));
  }
  // Better Auth sends inside the request: with a mail sink, its `issue` rate is links delivered to
  // a provider per second, the figure to set beside create_send's sustained_per_s.
  const sink = await startMailSink();
  try {
    for (const line of await runReference('peer-better-auth', { MAIL_SINK_URL: `${sink.url}/v3/mail/send`, SCENARIOS: 'issue' })) {
      if (line.scenario === 'issue') console.log(JSON.stringify({ reference: 'peer-better-auth+mail', ...line, sink_received: sink.received() }));
    }
  } finally {
    await sink.close();
  }
}
