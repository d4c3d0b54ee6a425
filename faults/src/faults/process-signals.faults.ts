import type { StackProcess } from '@sesame/testing';
import { Check, Fault, FaultContext, FaultOutcome } from './fault';

const APPS = ['gateway', 'token-service', 'mail-worker', 'scheduler', 'webhook-dispatcher'] as const;
/** How long a SIGTERMed process may take to finish its running work (the stack's own grace). */
const GRACE_MS = 10_000;

/** SIGKILL, then SIGTERM, of one instance of each process type mid-load; each is started again. */
export function processSignalFaults(): Fault[] {
  return [
    ...APPS.map((app): Fault => ({ name: `SIGKILL ${app}`, inject: (ctx) => kill(ctx, app) })),
    ...APPS.map((app): Fault => ({ name: `SIGTERM ${app}`, inject: (ctx) => terminate(ctx, app) })),
  ];
}

async function kill(ctx: FaultContext, app: string): Promise<FaultOutcome> {
  const proc = ctx.instances(app)[0];
  await signal(proc, 'SIGKILL');
  const cutAfterAccept = app === 'mail-worker' ? await acceptedButNotRecorded(ctx) : [];
  const checks = [await restart(ctx, proc)];
  return { checks, cutAfterAccept };
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
    const cut = await acceptedButNotRecorded(ctx);
    checks.push({ name: 'running sends finished', ok: cut.length === 0, detail: `${cut.length} accepted by the provider but not recorded ${cut.slice(0, 3).join(' ')}` });
  }
  if (app === 'gateway') {
    const cut = ctx.load.ledger.createsBetween(sentAt, Date.now()).filter((c) => c.errorCode === 'ECONNRESET' || c.errorCode === 'UND_ERR_SOCKET');
    const codes = cut.map((c) => c.errorCode).join(', ');
    checks.push({ name: 'HTTP drained', ok: cut.length === 0, detail: `${cut.length} requests cut mid-answer ${codes}` });
  }
  checks.push(await restart(ctx, proc));
  return { checks };
}

/**
 * Deliveries the provider had accepted when a mail-worker died that are still `sending` a few
 * seconds later: the death fell between the provider's 202 and our database update. (The
 * surviving replica records its own sends within milliseconds; the dead one's claims stay until
 * SEND_CLAIM_TIMEOUT_MS.) Call right after the exit.
 */
export async function acceptedButNotRecorded(ctx: FaultContext): Promise<string[]> {
  const acceptedAtExit = ctx.stack.sendgrid.accepted.map((r) => r.body?.custom_args?.sesame_delivery_id).filter(Boolean);
  await new Promise((r) => setTimeout(r, 3000));
  const { rows } = await ctx.db.query(`SELECT id FROM mail_deliveries WHERE status = 'sending' AND id = ANY($1::uuid[])`, [acceptedAtExit]);
  return rows.map((r: { id: string }) => r.id);
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
