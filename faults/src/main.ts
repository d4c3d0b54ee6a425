import './ready-budget';
import { Pool } from 'pg';
import { startStack, Stack } from '@sesame/testing';
import { drain, settle } from './drain';
import { Check, Fault, FaultContext, HeldClaims } from './faults/fault';
import { eventLoopFaults } from './faults/event-loop.faults';
import { postgresFaults } from './faults/postgres.faults';
import { processSignalFaults } from './faults/process-signals.faults';
import { providerFaults } from './faults/provider.faults';
import { redisFaults } from './faults/redis.faults';
import { PrivatePostgres } from './infra/private-postgres';
import { PrivateRedis } from './infra/private-redis';
import { gatherEvidence } from './invariants/evidence';
import { countViolations } from './invariants/invariants';
import type { CreateRecord } from './load/ledger';
import { LoadGenerator } from './load/load-generator';
import { renderChecks, renderTable, Row, violates } from './report/table';
import { Timings, timingsFromEnv } from './timings';

/**
 * `npm run test:faults`: the five real processes (two token-services, two mail-workers) on a
 * private Redis and a private Postgres cluster, under steady load; each fault in turn, with time
 * to recover; then the invariants I1-I5 per fault, as a table. Exits 1 when one is broken.
 */
async function main(): Promise<number> {
  const timings = timingsFromEnv();
  const all = [...processSignalFaults(), ...redisFaults(), ...postgresFaults(), ...eventLoopFaults(), ...providerFaults()];
  const faults = selectFaults(all, process.env.FAULTS_ONLY);
  const log = (message: string) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${message}`);
  const runStarted = Date.now();

  const [redis, postgres] = await Promise.all([PrivateRedis.start(), PrivatePostgres.start()]);
  let stack: Stack | undefined;
  let db: Pool | undefined;
  let keepPostgresLogAs: string | undefined;
  try {
    log(`private Redis on ${redis.port}, private Postgres on ${postgres.port}; starting the stack`);
    stack = await startStack({
      label: 'faults',
      redisUrl: redis.url,
      databaseAdminUrl: postgres.adminUrl,
      replicas: { 'token-service': 2, 'mail-worker': 2 },
      env: processEnv(timings),
    });
    const pool = new Pool({ connectionString: stack.db.url, max: 4 });
    // The Postgres faults end this pool's idle connections too: the next query opens new ones.
    pool.on('error', () => undefined);
    db = pool;
    const { tenantId, apiKey } = await setUpTenant(stack);
    const probeKey = await setUpProbeTenant(stack);
    const load = new LoadGenerator(stack, { rate: timings.rate, apiKey, refuseEvery: 20, consumeShare: 0.5, maxInFlight: 400, requestTimeoutMs: 15_000 });
    const ctx: FaultContext = {
      stack, redis, postgres, load, timings, db, tenantId, apiKey, probeKey, log,
      instances: (app) => stack!.processes.filter((p) => p.app === app),
    };

    // Some webhook attempts fail, so retries (and their webhook-ids) are part of every window.
    const flaky = setInterval(() => stack?.receiver.respondWith(503, 1), 1000);
    load.start();
    const windows: Array<{ fault: string; start: number; checks: Check[]; cut: string[]; held?: HeldClaims; pending?: string }> = [
      { fault: 'steady load (no fault)', start: Date.now(), checks: [], cut: [] },
    ];
    const settled = async () => {
      const extraMs = await settle(pool, tenantId, { settleMs: timings.settleMs, ratePerSecond: timings.rate, maxMs: 30_000 });
      if (extraMs > 500) log(`settled ${extraMs} ms beyond ${timings.settleMs} ms (the last fault's backlog)`);
    };
    await settled();
    for (const fault of faults) {
      const pending = fault.pending?.();
      if (pending) {
        log(`${fault.name}: not run (${pending})`);
        windows.push({ fault: fault.name, start: Date.now(), checks: [], cut: [], pending });
        continue;
      }
      log(`${fault.name}`);
      const window = { fault: fault.name, start: Date.now(), checks: [] as Check[], cut: [] as string[], held: undefined as HeldClaims | undefined };
      windows.push(window);
      try {
        const outcome = await fault.inject(ctx);
        window.checks = outcome.checks;
        window.cut = outcome.cutAfterAccept ?? [];
        window.held = outcome.heldClaims;
      } catch (err) {
        window.checks = [{ name: 'injected', ok: false, detail: (err as Error).message.split('\n')[0] }];
      }
      await settled();
    }
    log(`load stopped after ${load.ledger.creates.length} creates (${load.skipped} ticks skipped at the in-flight cap); draining`);
    await load.stop();
    clearInterval(flaky);
    const drained = await drain(db, tenantId, load, timings.drainMs);
    log(`drained in ${drained.ms} ms (still pending: ${drained.mail} mail, ${drained.webhooks} webhooks, ${drained.outbox} outbox rows)`);

    const evidence = await gatherEvidence(db, tenantId, stack.sendgrid, stack.receiver);
    const cut = new Set(windows.flatMap((w) => w.cut));
    const rows: Row[] = windows.map((w, i) => {
      const creates = load.ledger.createsBetween(w.start, windows[i + 1]?.start ?? Infinity);
      return { fault: w.fault, pending: w.pending, checks: [...w.checks, noServerErrors(creates)], counts: countViolations(creates, load.ledger, evidence, cut, w.held && { claims: w.held, windowMs: lockWindowMs(timings) }) };
    });
    console.log(`\n${renderTable(rows)}\n\n${renderChecks(rows)}\n`);
    const pending = rows.filter((r) => r.pending).length;
    const broken = rows.filter((r) => !r.pending && violates(r));
    const minutes = ((Date.now() - runStarted) / 60_000).toFixed(1);
    if (broken.length) keepPostgresLogAs = `${stack.logFile.replace(/\.log$/, '')}-postgres.log`;
    const logs = keepPostgresLogAs ? `${stack.logFile}, Postgres's: ${keepPostgresLogAs}` : `${stack.logFile} (deleted on success unless SESAME_E2E_KEEP_LOGS=1)`;
    console.log(`fault suite: ${minutes} min; process logs: ${logs}`);
    console.log(`faults: ${rows.length - pending - broken.length} passed, ${broken.length} failed${pending ? `, ${pending} skipped` : ''}`);
    if (broken.length) process.env.SESAME_E2E_KEEP_LOGS = '1';
    return broken.length ? 1 : 0;
  } finally {
    await db?.end().catch(() => undefined);
    await stack?.stop().catch((err) => console.error('stack stop failed', err));
    await Promise.allSettled([redis.destroy(), postgres.destroy(keepPostgresLogAs)]);
  }
}

/** I6: a send a dead or frozen mail-worker held reaches the provider within the job lock plus 5 s. */
function lockWindowMs(t: Timings): number {
  return t.jobLockMs + 5000;
}

/** Short locks, claims and timeouts so each fault recovers in seconds (production defaults are minutes). */
function processEnv(t: Timings): Record<string, string> {
  return {
    RPC_TIMEOUT_MS: '3000',
    DB_ACQUIRE_TIMEOUT_MS: '1000',
    OUTBOX_POLL_MS: '500',
    WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s,8s,15s',
    JOB_LOCK_MS: String(t.jobLockMs),
    // Long enough that a busy machine's slow answers are not taken for failures (a timed-out 202 is a duplicate).
    SENDGRID_TIMEOUT_MS: '30000',
    SEND_CLAIM_TIMEOUT_MS: String(Math.max(40_000, t.blockLoopMs + 30_000)),
    FAULT_BLOCK_LOOP_MS: String(t.blockLoopMs),
  };
}

async function setUpTenant(stack: Stack): Promise<{ tenantId: string; apiKey: string }> {
  const tenant = await created(stack, 'tenant', '/v1/tenants', stack.rootKey,
    { name: 'Faults', app_origin: 'https://app.example', allowed_redirect_urls: ['https://app.example/callback'] });
  await created(stack, 'webhook endpoint', '/v1/webhook-endpoints', tenant.api_key, { url: stack.receiver.url, events: ['magiclink.consumed'] });
  return { tenantId: tenant.id, apiKey: tenant.api_key };
}

/** A tenant for the fail-fast probes, its key used once so the gateway knows it before any fault. */
async function setUpProbeTenant(stack: Stack): Promise<string> {
  const tenant = await created(stack, 'probe tenant', '/v1/tenants', stack.rootKey, { name: 'Fault probes', app_origin: 'https://probe.example' });
  await created(stack, 'probe link', '/v1/magic-links', tenant.api_key, { email: 'warm@probe.test', send: false });
  return tenant.api_key;
}

/** POSTs `body` and returns what was created; anything but 201 stops the suite before it starts. */
async function created(stack: Stack, what: string, path: string, key: string, body: object) {
  const res = await stack.api(path, { key, body });
  if (res.status !== 201) throw new Error(`${what} not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Whatever breaks, the gateway answers 503 (retry later), never another 5xx. */
function noServerErrors(creates: CreateRecord[]): Check {
  const errors = creates.filter((c) => c.status !== undefined && c.status >= 500 && c.status !== 503);
  return { name: 'no 5xx but 503', ok: errors.length === 0, detail: `${errors.length} answers ${[...new Set(errors.map((e) => `${e.status} ${e.errorCode}`))].join(', ')}` };
}

/** FAULTS_ONLY=redis,sigkill runs the faults whose name contains any of the words. */
function selectFaults(all: Fault[], only: string | undefined): Fault[] {
  if (!only) return all;
  const words = only.toLowerCase().split(',').map((w) => w.trim()).filter(Boolean);
  return all.filter((f) => words.some((w) => f.name.toLowerCase().includes(w)));
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
