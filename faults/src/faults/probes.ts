import type { StackProcess } from '@sesame/testing';
import type { Check, FaultContext } from './fault';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `cond` every 250 ms until it holds (true) or `timeoutMs` passes (false). */
export async function waitUntil(cond: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

/** GET /health/ready of one process: true for 200. */
export async function isReady(proc: StackProcess): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${proc.healthPort}/health/ready`, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Waits until /health/ready of every process in `procs` answers `ready` (each polled), and
 * reports which never did within `timeoutMs`.
 */
export async function readinessCheck(name: string, procs: StackProcess[], ready: boolean, timeoutMs: number): Promise<Check> {
  const started = Date.now();
  const lagging = new Set(procs.map((p) => p.name));
  await waitUntil(async () => {
    for (const p of procs) if (lagging.has(p.name) && (await isReady(p)) === ready) lagging.delete(p.name);
    return lagging.size === 0;
  }, timeoutMs);
  return {
    name,
    ok: lagging.size === 0,
    detail: lagging.size === 0 ? `all ${procs.length} within ${Date.now() - started} ms` : `${[...lagging].join(', ')} still ${ready ? 'not ready' : 'ready'} after ${timeoutMs} ms`,
  };
}

/**
 * Sends `n` link creations one after another while a dependency is down: each must be answered
 * 503 within `withinMs` (fail fast, never hang until the client gives up).
 */
export async function fastFailCheck(ctx: FaultContext, apiKey: string, n: number, withinMs: number): Promise<Check> {
  const answers: Array<{ status: number; ms: number }> = [];
  for (let i = 0; i < n; i++) {
    const started = Date.now();
    const res = await fetch(`${ctx.stack.baseUrl}/v1/magic-links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ email: `probe-${Date.now()}-${i}@probe.test`, send: false }),
      signal: AbortSignal.timeout(30_000),
    }).catch(() => undefined);
    await res?.arrayBuffer();
    answers.push({ status: res?.status ?? 0, ms: Date.now() - started });
  }
  const slowest = Math.max(...answers.map((a) => a.ms));
  return {
    name: `fast 503 (< ${withinMs} ms)`,
    ok: answers.every((a) => a.status === 503 && a.ms < withinMs),
    detail: `answers ${answers.map((a) => a.status).join(',')}, slowest ${slowest} ms`,
  };
}

/** Every process of the stack is still the one that was running (none died and none was restarted). */
export function noneExited(ctx: FaultContext, before: StackProcess[]): Check {
  const gone = before.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null);
  return { name: 'recovered by itself', ok: gone.length === 0, detail: gone.length ? `${gone.map((p) => p.name).join(', ')} exited` : 'no process exited' };
}
