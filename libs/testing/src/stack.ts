import { randomBytes } from 'node:crypto';
import { existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Pool } from 'pg';
import { apiRequest, ApiOptions, ApiResponse } from './api-client';
import { startFakeSendGrid, FakeSendGrid } from './fake-sendgrid';
import { freePort } from './free-port';
import { exitedEarly, LogSink, parseLogLine, spawnProcess, StackProcess, stopProcess, tail, waitForLine } from './stack-process';
import { createTestDatabase } from './test-database';
import { testEnv } from './test-env';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from './test-redis';
import { startWebhookReceiver, WebhookReceiver } from './webhook-receiver';

export type { StackProcess } from './stack-process';

const REPO_ROOT = repoRoot(__dirname);
const DIST = testEnv.distDir ?? join(REPO_ROOT, 'dist');
const STOP_GRACE_MS = 10_000;
const WORKERS = ['token-service', 'mail-worker', 'scheduler', 'webhook-dispatcher'] as const;
export type StackApp = (typeof WORKERS)[number] | 'gateway';

export interface StackOptions {
  tokenServiceReplicas?: number;
  /** Scheduler processes (default 1), named scheduler-1, scheduler-2, … when more than one. */
  schedulerReplicas?: number;
  /**
   * Gateway processes (default 1), named gateway, gateway-2, … each on its own port: `baseUrl` is
   * the first one's, `gatewayUrls` lists them all.
   */
  gatewayReplicas?: number;
  /** Replicas per worker app (default 1; `tokenServiceReplicas` and `schedulerReplicas` are shorter spellings). */
  replicas?: Partial<Record<Exclude<StackApp, 'gateway'>, number>>;
  /** Extra environment for every process (overrides the defaults). */
  env?: Record<string, string>;
  label?: string;
  /** Redis the processes use (default TEST_REDIS_URL). */
  redisUrl?: string;
  /** Postgres server the suite's database is created on (default TEST_DATABASE_ADMIN_URL). */
  databaseAdminUrl?: string;
  /**
   * Instances (`token-service`, `mail-worker-2`, …) not started with the others: start each with
   * `stack.start(name)`, to see what happens while it is missing. While no token-service runs,
   * a gateway counts as started once it is live (it cannot be ready without one).
   */
  deferred?: string[];
}

export interface Stack {
  baseUrl: string;
  /** Every gateway replica's origin, `baseUrl` first. */
  gatewayUrls: string[];
  rootKey: string;
  sendgrid: FakeSendGrid;
  receiver: WebhookReceiver;
  db: { url: string; name: string; pool: Pool };
  redisPrefix: string;
  /** The environment every process got (secrets included, so tests can look for leaks). */
  env: Readonly<Record<string, string>>;
  /** Path of the file every process line is appended to. */
  logFile: string;
  processes: StackProcess[];
  /** Starts a `deferred` instance and resolves once it is ready; it is then in `processes`. */
  start(name: string): Promise<StackProcess>;
  /** Sends `signal` (default SIGKILL) to a running instance and resolves once it exited; stop() expects it gone. */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts instance `name` again (after it exited or was killed) with the same environment and
   * resolves once it is ready; the new process replaces the old one in `processes`.
   */
  restart(name: string): Promise<StackProcess>;
  /** Every log line of every process, in arrival order. */
  logs(): string[];
  api<T = any>(path: string, opts?: ApiOptions): Promise<ApiResponse<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The Prometheus text of one process (`gateway`, `token-service-1`, ...), from its METRICS_PORT when it has one. */
  metrics(processName: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the five Sesame processes from dist/ against a fresh database, a unique Redis prefix,
 * a fake SendGrid and a webhook receiver, and waits until every one is ready.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const label = opts.label ?? 'e2e';
  const logFile = join(tmpdir(), `sesame-${label}-${Date.now()}-${randomBytes(3).toString('hex')}.log`);
  const sink = new LogSink(logFile);
  registerLogFile(logFile);
  const [db, sendgrid, receiver, port] = await Promise.all([createTestDatabase(label, opts.databaseAdminUrl), startFakeSendGrid(), startWebhookReceiver(), freePort()]);
  const gatewayPorts = [port];
  while (gatewayPorts.length < (opts.gatewayReplicas ?? 1)) gatewayPorts.push(await freePort());
  const redisPrefix = uniqueRedisPrefix(label);
  const redisUrl = opts.redisUrl ?? TEST_REDIS_URL;
  const baseUrl = `http://127.0.0.1:${port}`;
  const gatewayUrls = gatewayPorts.map((p) => `http://127.0.0.1:${p}`);
  const rootKey = `root_${randomBytes(30).toString('base64url')}`;
  const common: Record<string, string> = {
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'info',
    NODE_ENV: 'test',
    HEALTH_PORT: '0',
    PUBLIC_BASE_URL: baseUrl,
    TOKEN_PEPPER: `k1:${randomBytes(36).toString('base64url')}`,
  };
  const perApp: Record<string, Record<string, string>> = {
    gateway: { PORT: String(port), HOST: '127.0.0.1', SESAME_ROOT_API_KEY: rootKey },
    // The deployment's SendGrid account is the fake: its Event Webhook batches are signed with this key.
    'token-service': { WEBHOOK_ALLOWED_TARGETS: '127.0.0.1', SENDGRID_EVENT_PUBLIC_KEY: sendgrid.eventWebhook.publicKey },
    'mail-worker': { MAIL_TRANSPORT: 'sendgrid', SENDGRID_API_KEY: 'SG.test', SENDGRID_BASE_URL: sendgrid.url, MAIL_FROM: 'no-reply@sesame.test' },
    scheduler: { PURGE_INTERVAL_MS: '1000', EXPIRED_LINK_PURGE_INTERVAL_MS: '1000', EXPIRED_LINK_GRACE_MS: '1000', OUTBOX_RECONCILE_INTERVAL_MS: '1000' },
    'webhook-dispatcher': { WEBHOOK_ALLOWED_TARGETS: '127.0.0.1' },
  };
  const replicas = { 'token-service': opts.tokenServiceReplicas, scheduler: opts.schedulerReplicas, ...opts.replicas };
  const instances: Array<[string, string]> = [];
  for (const app of WORKERS) {
    const n = replicas[app] ?? 1;
    for (let i = 1; i <= n; i++) instances.push([n > 1 ? `${app}-${i}` : app, app]);
  }
  // Every replica links to PUBLIC_BASE_URL (the first one), as a deployment's load balancer would be.
  const gatewayNames = gatewayPorts.map((_, i) => (i === 0 ? 'gateway' : `gateway-${i + 1}`));
  gatewayNames.forEach((name) => instances.push([name, 'gateway']));
  const deferred = new Map(instances.filter(([name]) => opts.deferred?.includes(name)));
  const unknown = (opts.deferred ?? []).filter((name) => !deferred.has(name));
  if (unknown.length) throw new Error(`startStack: no instance named ${unknown.join(', ')} (instances: ${instances.map(([name]) => name).join(', ')})`);

  const processes: StackProcess[] = [];
  const pool = new Pool({ connectionString: db.url, max: 4 });
  // Teardown drops the database WITH (FORCE) while idle clients may still be closing; the pool
  // re-emits their "terminating connection" error, which must not crash the test run.
  pool.on('error', () => undefined);
  let stopped = false;
  let keepLogs = false;
  const killedOnPurpose = new Set<StackProcess>();
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    unregisterChildren(processes);
    const died = processes.filter((p) => !isRunning(p) && !killedOnPurpose.has(p));
    if (died.length && !keepLogs) {
      keepLogs = true;
      console.warn(`[e2e] ${died.map((p) => `${p.name} (code ${p.child.exitCode}, signal ${p.child.signalCode})`).join(', ')} exited before stop() (logs: ${logFile})`);
    }
    const results = await Promise.all(processes.filter(isRunning).map((p) => stopProcess(p, STOP_GRACE_MS)));
    for (const r of results.filter((x) => x.killed || (x.code !== null && x.code !== 0))) {
      keepLogs = true;
      console.warn(`[e2e] ${r.name} did not shut down cleanly on SIGTERM (${r.killed ? `killed after ${STOP_GRACE_MS} ms` : `exit code ${r.code}`}; logs: ${logFile})`);
    }
    await Promise.allSettled([pool.end(), sendgrid.close(), receiver.close()]);
    await Promise.allSettled([db.drop(), deleteRedisPrefix(redisPrefix, redisUrl)]);
    await sink.close();
    if (!keepLogs && !failureSeen()) {
      try {
        unlinkSync(logFile);
      } catch {
        /* already gone */
      }
    }
  };

  const gatewayPort = (name: string) => ({ PORT: String(gatewayPorts[gatewayNames.indexOf(name)]) });
  const spawnInstance = (name: string, app: string) =>
    spawnProcess(name, app, join(DIST, 'apps', app, 'src', 'main.js'), {
      ...common, ...perApp[app], ...(app === 'gateway' ? gatewayPort(name) : {}), ...opts.env,
    }, sink);
  const gatewayUrlOf = (name: string) => gatewayUrls[gatewayNames.indexOf(name)];
  // A gateway is ready only while a token-service consumes its requests.
  const gatewayHealthUrl = (name: string) =>
    `${gatewayUrlOf(name)}/health/${processes.some((p) => p.app === 'token-service' && isRunning(p)) ? 'ready' : 'live'}`;
  const restart = async (name: string) => {
    const index = processes.findIndex((p) => p.name === name);
    if (index < 0) throw new Error(`no process named ${name}`);
    const old = processes[index];
    if (isRunning(old)) throw new Error(`${name} is still running`);
    const proc = spawnInstance(name, old.app);
    processes[index] = proc;
    unregisterChildren([old]);
    registerChildren([proc]);
    await waitReady([proc], gatewayHealthUrl);
    return proc;
  };
  const start = async (name: string) => {
    const app = deferred.get(name);
    if (!app) throw new Error(`${name} is not a deferred instance (started already, or not in this stack)`);
    deferred.delete(name);
    const proc = spawnInstance(name, app);
    processes.push(proc);
    registerChildren([proc]);
    await waitReady([proc], gatewayHealthUrl);
    return proc;
  };

  const kill = async (name: string, signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = processes.find((p) => p.name === name && isRunning(p));
    if (!proc) throw new Error(`no running process named ${name}`);
    killedOnPurpose.add(proc);
    const exited = new Promise((resolve) => proc.child.once('exit', resolve));
    proc.child.kill(signal);
    await exited;
  };

  try {
    for (const [name, app] of instances) if (!deferred.has(name)) processes.push(spawnInstance(name, app));
    registerChildren(processes);
    await waitReady(processes, gatewayHealthUrl);
  } catch (err) {
    keepLogs = true;
    await stop().catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`startStack(${label}) failed: ${message}\nAll process logs: ${logFile}`);
  }

  return {
    baseUrl,
    gatewayUrls,
    rootKey,
    sendgrid,
    receiver,
    db: { url: db.url, name: db.name, pool },
    redisPrefix,
    env: { ...common, ...opts.env },
    logFile,
    processes,
    start,
    kill,
    restart,
    logs: () => [...sink.all],
    api: (path, o) => apiRequest(baseUrl, path, o),
    metrics: async (name) => {
      const proc = processes.find((p) => p.name === name);
      const port = proc && (metricsPortOf(proc) ?? proc.healthPort);
      if (!port) throw new Error(`no process named ${name} with a health port`);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      return res.text();
    },
    stop,
  };
}

/** A gateway started with METRICS_PORT serves /metrics there (it logs the port), not on its HTTP port. */
function metricsPortOf(proc: StackProcess): number | undefined {
  for (const line of proc.lines) {
    const rec = parseLogLine(line);
    if (rec?.msg === 'metrics listening') return Number(rec.metricsPort);
  }
  return undefined;
}

/** The folder holding nx.json, whether this file runs from libs/ (jest) or from dist/libs/ (the fault suite). */
function repoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  throw new Error(`no nx.json above ${from}`);
}

const isRunning = (p: StackProcess) => p.child.exitCode === null && p.child.signalCode === null;

async function waitReady(processes: StackProcess[], gatewayHealthUrl: (name: string) => string): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error('timeout')), testEnv.readyTimeoutMs);
  const ready = new Set<StackProcess>();
  try {
    await Promise.all(
      processes.map(async (proc) => {
        if (proc.app === 'gateway') {
          const url = gatewayHealthUrl(proc.name);
          proc.healthPort = Number(new URL(url).port);
          await pollReady(proc, url, abort.signal);
        } else {
          proc.healthPort = await waitForLine(proc, (line) => {
            const rec = parseLogLine(line);
            return rec?.msg === 'health listening' ? Number(rec.healthPort) : undefined;
          }, abort.signal);
        }
        ready.add(proc);
      }),
    );
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    const report = processes.map((p) => `--- ${p.name} (pid ${p.pid}${ready.has(p) ? '' : ', NOT READY'}):\n${tail(p)}`);
    throw new Error(`not ready within ${testEnv.readyTimeoutMs / 1000} s (${(err as Error).message}):\n${report.join('\n')}`);
  } finally {
    clearTimeout(timer);
  }
}

async function pollReady(proc: StackProcess, url: string, signal: AbortSignal): Promise<void> {
  let last = '';
  while (!signal.aborted) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) throw exitedEarly(proc);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never answered 200 (last: ${last})`);
}

// If jest dies without running afterAll, do not leave the processes running.
const live = new Set<StackProcess>();
let exitHookInstalled = false;
function registerChildren(procs: StackProcess[]): void {
  procs.forEach((p) => live.add(p));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => live.forEach((p) => p.child.kill('SIGKILL')));
}
function unregisterChildren(procs: StackProcess[]): void {
  procs.forEach((p) => live.delete(p));
}

// The e2e jest environment (e2e/jest-environment.js) prints these paths when a test fails.
type E2eGlobals = { __SESAME_E2E_LOGS__?: string[]; __SESAME_E2E_FAILED__?: boolean };
function registerLogFile(path: string): void {
  const g = globalThis as E2eGlobals;
  (g.__SESAME_E2E_LOGS__ ??= []).push(path);
}
function failureSeen(): boolean {
  return testEnv.keepLogs || (globalThis as E2eGlobals).__SESAME_E2E_FAILED__ === true;
}
