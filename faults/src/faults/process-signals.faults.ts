import { hostname } from 'node:os';
import type { StackProcess } from '@sesame/testing';
import { Check, Fault, FaultContext, FaultOutcome } from './fault';

const APPS = ['gateway', 'token-service', 'mail-worker', 'scheduler', 'webhook-dispatcher'] as const;
/** How long a SIGTERMed process may take to finish its running work (on a busy two-core machine a send can take seconds). */
const GRACE_MS = 20_000;

/** SIGKILL, then SIGTERM, of one instance of each process type mid-load; each is started again. */
export function processSignalFaults(): Fault[] {
  return [
    ...APPS.map((app): Fault => ({ name: `SIGKILL ${app}`, inject: (ctx) => kill(ctx, app) })),
    ...APPS.map((app): Fault => ({ name: `SIGTERM ${app}`, inject: (ctx) => terminate(ctx, app) })),
  ];
}

async function kill(ctx: FaultContext, app: string): Promise<FaultOutcome> {
  const proc = ctx.instances(app)[0];
  const since = Date.now();
  await signal(proc, 'SIGKILL');
  const cutAfterAccept = app === 'mail-worker' ? await claimsLeftBehind(ctx, proc) : [];
  const checks = [await restart(ctx, proc)];
  return { checks, cutAfterAccept, heldClaims: app === 'mail-worker' ? { deliveryIds: cutAfterAccept, since } : undefined };
}

async function terminate(ctx: FaultContext, app: string): Promise<FaultOutcome> {
  const proc = ctx.instances(app)[0];
  const sentAt = Date.now();
  const exit = await signal(proc, 'SIGTERM', GRACE_MS);
  const checks: Check[] = [
    {
      name: 'graceful exit',
      // Nest's shutdown hooks re-raise the signal once closed (gateway, token-service): SIGTERM is a clean end too.
      ok: !exit.killed && (exit.code === 0 || exit.signal === 'SIGTERM'),
      detail: exit.killed ? `still running after ${GRACE_MS} ms, killed` : `exit ${exit.code ?? exit.signal} after ${exit.ms} ms`,
    },
  ];
  if (app === 'mail-worker') {
    const left = await claimsLeftBehind(ctx, proc);
    checks.push({ name: 'running sends finished', ok: left.length === 0, detail: `${left.length} sends left claimed ${left.slice(0, 3).join(' ')}` });
  }
  if (app === 'gateway') {
    // Requests in flight when SIGTERM came must be answered. (Connections opened after it may be
    // refused or reset at the moment the listener closes; a load balancer has stopped sending any
    // by then, as readiness turned 503.)
    const inFlight = ctx.load.ledger.creates.filter((c) => c.startedAt < sentAt && (c.finishedAt === undefined || c.finishedAt >= sentAt));
    const cut = inFlight.filter((c) => c.errorCode === 'ECONNRESET' || c.errorCode === 'UND_ERR_SOCKET');
    const codes = cut.map((c) => c.errorCode).join(', ');
    checks.push({ name: 'HTTP drained', ok: cut.length === 0, detail: `${cut.length} of ${inFlight.length} requests in flight cut ${codes}` });
  }
  checks.push(await restart(ctx, proc));
  return { checks };
}

/**
 * The sends a mail-worker left claimed when it died: still `sending` under its name (host:pid, as
 * the claim records it). The other replica takes them over once BullMQ re-runs their stalled jobs
 * (I6 times that). A duplicate provider call can only come from one of these, when the death fell
 * between the provider's 202 and our database update.
 */
export async function claimsLeftBehind(ctx: FaultContext, proc: StackProcess): Promise<string[]> {
  const { rows } = await ctx.db.query(`SELECT id FROM mail_deliveries WHERE status = 'sending' AND claimed_by = $1`, [claimOwner(proc)]);
  return rows.map((r: { id: string }) => r.id);
}

/** How a mail-worker process names itself in the claims it takes (ClaimedSendRunner). */
export function claimOwner(proc: StackProcess): string {
  return `${hostname()}:${proc.pid}`;
}

async function restart(ctx: FaultContext, proc: StackProcess): Promise<Check> {
  const started = Date.now();
  try {
    await ctx.stack.restart(proc.name);
    return { name: 'restarted', ok: true, detail: `${proc.name} ready again in ${Date.now() - started} ms` };
  } catch (err) {
    return { name: 'restarted', ok: false, detail: (err as Error).message.split('\n')[0] };
  }
}

/** Sends `sig`; with `graceMs`, SIGKILL follows if the process is still running then. */
export function signal(proc: StackProcess, sig: NodeJS.Signals, graceMs?: number): Promise<{ code: number | null; signal: string | null; killed: boolean; ms: number }> {
  const { child } = proc;
  const started = Date.now();
  // Already gone (it died on its own after its last restart): there is no exit left to wait for.
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode, killed: false, ms: 0 });
  }
  return new Promise((resolve) => {
    let killed = false;
    const timer = graceMs === undefined ? undefined : setTimeout(() => ((killed = true), child.kill('SIGKILL')), graceMs);
    child.once('exit', (code, exitSignal) => {
      clearTimeout(timer);
      resolve({ code, signal: exitSignal, killed, ms: Date.now() - started });
    });
    child.kill(sig);
  });
}
