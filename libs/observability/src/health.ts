import { createServer, Server } from 'node:http';
import type { Registry } from 'prom-client';

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
 * The small HTTP listener of the worker processes: GET /health/live, /health/ready, /metrics.
 * (The gateway serves the same routes from its own HTTP server.)
 */
export function startHealthServer(opts: { host: string; port: number; checks: ReadinessCheck[]; registry: Registry }): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, JSON.stringify({ error: { code: 'method_not_allowed', message: 'Use GET' } }));
    if (req.url === '/health/live') return send(200, JSON.stringify({ status: 'ok' }));
    if (req.url === '/health/ready') {
      void runReadinessChecks(opts.checks).then((r) => send(r.status === 'ok' ? 200 : 503, JSON.stringify(r)));
      return;
    }
    if (req.url === '/metrics') {
      void opts.registry.metrics().then((m) => send(200, m, opts.registry.contentType));
      return;
    }
    send(404, JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}
