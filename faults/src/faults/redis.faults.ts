import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { PrivateRedis } from '../infra/private-redis';
import type { Check, Fault, FaultContext, FaultOutcome } from './fault';
import { fastFailCheck, noneExited, readinessCheck, sleep } from './probes';

/** Redis stopped for a while, Redis emptied, and a Redis that may evict keys at start-up. */
export function redisFaults(): Fault[] {
  return [
    { name: 'Redis stopped', inject: redisStopped },
    { name: 'Redis FLUSHALL', inject: redisFlushed },
    { name: 'start-up on an evicting Redis', inject: refusesEvictingRedis },
  ];
}

/** Down for FAULTS_REDIS_DOWN_MS, then started again: nothing is restarted, everyone reconnects. */
async function redisStopped(ctx: FaultContext): Promise<FaultOutcome> {
  const before = [...ctx.stack.processes];
  const started = Date.now();
  await ctx.redis.stop();
  const checks: Check[] = [
    await fastFailCheck(ctx, ctx.probeKey, 5, 1000),
    await readinessCheck('ready false while down', before, false, ctx.timings.redisDownMs),
  ];
  await sleep(Math.max(0, ctx.timings.redisDownMs - (Date.now() - started)));
  await ctx.redis.start();
  checks.push(await readinessCheck('ready again after', before, true, 30_000), noneExited(ctx, before));
  return { checks };
}

/**
 * Redis comes back empty (a restart without persistence, a failover to an empty replica): queued
 * jobs, RPC streams and job schedulers are gone. The scheduler's outbox reconciliation and Redis
 * epoch watcher publish the outbox again; the jobId and the send claim keep it from going out twice.
 */
async function redisFlushed(ctx: FaultContext): Promise<FaultOutcome> {
  const before = [...ctx.stack.processes];
  await ctx.redis.command('FLUSHALL');
  return { checks: [await readinessCheck('ready after', before, true, 30_000), noneExited(ctx, before)] };
}

/** Every process type, started against a Redis with maxmemory-policy allkeys-lru, exits 1 saying why. */
async function refusesEvictingRedis(ctx: FaultContext): Promise<FaultOutcome> {
  const evicting = await PrivateRedis.start('allkeys-lru');
  try {
    const apps = ['gateway', 'token-service', 'mail-worker', 'scheduler', 'webhook-dispatcher'];
    const results = await Promise.all(apps.map((app) => startAgainst(ctx, app, evicting.url)));
    return {
      checks: results.map(({ app, code, said, last }) => ({
        name: `${app} refuses`,
        ok: code === 1 && said,
        detail: `exit ${code}${said ? ', names maxmemory-policy noeviction' : `, no message about maxmemory-policy; last: ${last}`}`,
      })),
    };
  } finally {
    await evicting.destroy();
  }
}

/** Starts one extra process of `app` on `redisUrl` (same environment as the stack's otherwise) and waits for it to end. */
function startAgainst(ctx: FaultContext, app: string, redisUrl: string): Promise<{ app: string; code: number | null; said: boolean; last: string }> {
  const dist = resolve(__dirname, '../../..');
  const env = {
    PATH: process.env.PATH ?? '', ...ctx.stack.env, REDIS_URL: redisUrl, PORT: '0', HOST: '127.0.0.1', SESAME_ROOT_API_KEY: ctx.stack.rootKey,
  };
  const child = spawn(process.execPath, [join(dist, 'apps', app, 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((done) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ app, code, said: /maxmemory-policy allkeys-lru/.test(output) && /noeviction/.test(output), last: output.trim().split('\n').pop()?.slice(0, 200) ?? '' });
    }),
  );
}
