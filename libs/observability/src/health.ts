import { createServer, Server } from 'node:http';
import { Counter, Gauge, Registry } from 'prom-client';

/** A dependency the process needs; readiness is false while any check fails. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, 'ok' | string>;
}

export async function runReadinessChecks(checks: ReadinessCheck[], timeoutMs = 2000): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        await withTimeout(check(), timeoutMs);
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, err instanceof Error ? err.message : String(err)] as const;
      }
    }),
  );
  const ok = results.every(([, r]) => r === 'ok');
  return { status: ok ? 'ok' : 'unavailable', checks: Object.fromEntries(results) };
}

/**
 * `check`, run at most once per `ms`; its outcome is shared meanwhile, so frequent probes (every
 * load balancer and kubelet polls each replica) cost Redis one command per interval.
 */
export function cachedCheck(check: ReadinessCheck, ms: number): ReadinessCheck {
  let last: { at: number; outcome: Promise<void> } | undefined;
  return {
    name: check.name,
    check: () => {
      const now = Date.now();
      if (!last || now - last.at >= ms) last = { at: now, outcome: check.check() };
      return last.outcome;
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then((v) => (clearTimeout(t), resolve(v)), (e) => (clearTimeout(t), reject(e)));
  });
}

/**
 * Readiness as the probes see it, recorded for Prometheus: `sesame_ready` (1 or 0, the last
 * answer) and `sesame_readiness_changes_total` (every flip), so a flapping dependency shows as a
 * rate even when each outage is shorter than the scrape interval. Updated on every probe.
 */
export class Readiness {
  private readonly ready: Gauge<string>;
  private readonly changes: Counter<string>;
  private last?: boolean;

  constructor(private readonly checks: ReadinessCheck[], registry: Registry) {
    this.ready = registeredOnce(registry, 'sesame_ready', () =>
      new Gauge({ name: 'sesame_ready', help: 'Whether the last readiness probe answered ready (1) or not (0)', registers: [registry] }));
    this.changes = registeredOnce(registry, 'sesame_readiness_changes_total', () =>
      new Counter({ name: 'sesame_readiness_changes_total', help: 'Times the readiness answer flipped between ready and not ready', registers: [registry] }));
  }

  async report(timeoutMs?: number): Promise<HealthReport> {
    const report = await runReadinessChecks(this.checks, timeoutMs);
    const ok = report.status === 'ok';
    if (this.last !== undefined && this.last !== ok) this.changes.inc();
    this.last = ok;
    this.ready.set(ok ? 1 : 0);
    return report;
  }
}

function registeredOnce<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

type Send = (status: number, body: string, type?: string) => void;
type Route = (send: Send) => void;

/** GET /metrics: the registry in Prometheus text format. */
function metricsRoute(registry: Registry): Route {
  return (send) => void registry.metrics().then((m) => send(200, m, registry.contentType));
}

/** A loopback-or-configured plain HTTP listener answering GET on exact paths; JSON errors otherwise. */
function serveRoutes(host: string, port: number, routes: Record<string, Route>): Promise<Server> {
  const server = createServer((req, res) => {
    const send: Send = (status, body, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, JSON.stringify({ error: { code: 'method_not_allowed', message: 'Use GET' } }));
    const route = Object.hasOwn(routes, req.url ?? '') ? routes[req.url as string] : undefined;
    if (route) return route(send);
    send(404, JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * The small HTTP listener of the worker processes: GET /health/live, /health/ready, /metrics.
 * (The gateway serves the same routes from its own HTTP server.)
 */
export function startHealthServer(opts: { host: string; port: number; checks: ReadinessCheck[]; registry: Registry }): Promise<Server> {
  const readiness = new Readiness(opts.checks, opts.registry);
  return serveRoutes(opts.host, opts.port, {
    '/health/live': (send) => send(200, JSON.stringify({ status: 'ok' })),
    '/health/ready': (send) => void readiness.report().then((r) => send(r.status === 'ok' ? 200 : 503, JSON.stringify(r))),
    '/metrics': metricsRoute(opts.registry),
  });
}

/** Only GET /metrics: the gateway's METRICS_PORT, so the scrape endpoint need not be public. */
export function startMetricsServer(opts: { host: string; port: number; registry: Registry }): Promise<Server> {
  return serveRoutes(opts.host, opts.port, { '/metrics': metricsRoute(opts.registry) });
}
