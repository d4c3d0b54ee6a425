import type { Check, Fault, FaultContext, FaultOutcome } from './fault';
import { fastFailCheck, noneExited, readinessCheck, sleep } from './probes';

const DOWN_MS = 3000;

/** Postgres restarted, and every pooled connection of token-service taken by requests that wait on a lock. */
export function postgresFaults(): Fault[] {
  return [
    { name: 'Postgres restarted', inject: postgresRestarted },
    { name: 'DB pool exhausted', inject: poolExhausted },
  ];
}

/** Fast shutdown (every connection terminated), a few seconds down, started again: nobody is restarted. */
async function postgresRestarted(ctx: FaultContext): Promise<FaultOutcome> {
  const before = [...ctx.stack.processes];
  const usesPostgres = before.filter((p) => p.app !== 'gateway');
  const started = Date.now();
  await ctx.postgres.stop();
  const checks: Check[] = [
    await fastFailCheck(ctx, ctx.probeKey, 3, 2000),
    await readinessCheck('ready false while down', usesPostgres, false, DOWN_MS),
  ];
  await sleep(Math.max(0, DOWN_MS - (Date.now() - started)));
  await ctx.postgres.start();
  checks.push(await readinessCheck('ready again after', before, true, 30_000), noneExited(ctx, before));
  return { checks };
}

/**
 * A transaction holds an ACCESS EXCLUSIVE lock on magic_links, so every create and consume waits
 * holding a pooled connection; once the pools are full, further requests must get 503 within
 * DB_ACQUIRE_TIMEOUT_MS rather than wait for the RPC timeout or hang.
 */
async function poolExhausted(ctx: FaultContext): Promise<FaultOutcome> {
  const before = [...ctx.stack.processes];
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    await client.query('LOCK TABLE magic_links IN ACCESS EXCLUSIVE MODE');
    await sleep(1500); // the load (50/s) fills both token-services' pools meanwhile
    const checks = [await fastFailCheck(ctx, ctx.probeKey, 5, 2500)];
    await sleep(Math.max(0, ctx.timings.poolExhaustedMs - 1500));
    await client.query('COMMIT');
    checks.push(await readinessCheck('ready after', before, true, 30_000), noneExited(ctx, before));
    return { checks };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
