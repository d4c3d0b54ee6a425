import type { Check, Fault, FaultContext, FaultOutcome } from './fault';
import { claimsLeftBehind } from './process-signals.faults';
import { waitUntil } from './probes';

/**
 * The mail-worker's event loop blocked longer than its job lock, right after it claimed a send
 * (the test-only hook FAULT_BLOCK_LOOP_MS, armed by SIGUSR2). BullMQ hands its jobs to the other
 * replica, whose re-run takes the claim over at once and sends; the blocked worker, released,
 * finds its claim gone right before its provider call and sends nothing (I3 counts provider
 * calls, I6 times the sends it held).
 */
export function eventLoopFaults(): Fault[] {
  return [{ name: 'mail-worker loop blocked > job lock', inject: blockMailWorkerLoop }];
}

async function blockMailWorkerLoop(ctx: FaultContext): Promise<FaultOutcome> {
  const [blocked, other] = ctx.instances('mail-worker');
  const seen = blocked.lines.length;
  const since = Date.now();
  blocked.child.kill('SIGUSR2');
  // The sends it holds while blocked (its next send blocks within milliseconds under load; no lock
  // can expire, nor a claim be taken over, in the first second). One whose request was already at
  // the provider goes out again from the re-run: I3's allowance, as for a killed worker.
  await new Promise((r) => setTimeout(r, 1000));
  const frozenClaims = await claimsLeftBehind(ctx, blocked);
  const hookLine = () => blocked.lines.slice(seen).find((l) => l.includes('TEST FAULT HOOK: event loop released'));
  const released = await waitUntil(() => !!hookLine(), ctx.timings.blockLoopMs + 30_000);
  const deliveryId = /"deliveryId":"([0-9a-f-]{36})"/.exec(hookLine() ?? '')?.[1];
  const checks: Check[] = [
    { name: 'loop blocked', ok: released && !!deliveryId, detail: released ? `${ctx.timings.blockLoopMs} ms on delivery ${deliveryId}` : 'the hook never ran' },
  ];
  if (deliveryId) {
    // The other replica re-ran the stalled job, took the claim over and sent; the blocked worker
    // stood down. Or, on a machine too busy to re-run it within the block, the blocked worker sent
    // it itself and the re-run found it done: also one provider call, which I3 counts.
    const mentions = (p: typeof other, pattern: RegExp) => p.lines.some((l) => l.includes(deliveryId) && pattern.test(l));
    const takenOver = () => mentions(other, /"outcome":"sent"/) && mentions(blocked, /"outcome":"superseded"/);
    const sentByBlocked = () => mentions(blocked, /"outcome":"sent"/) && mentions(other, /already-done/);
    const settled = await waitUntil(() => takenOver() || sentByBlocked(), 30_000);
    const detail = !settled ? `${other.name} never re-ran it, or both sent`
      : takenOver() ? `${other.name} took the claim over and sent; ${blocked.name} stood down` : `${blocked.name} sent it before the re-run`;
    checks.push({ name: 'stalled job re-run elsewhere, one send', ok: settled, detail });
  }
  const heldIds = [...new Set([...frozenClaims, ...(deliveryId ? [deliveryId] : [])])];
  return { checks, cutAfterAccept: frozenClaims, heldClaims: { deliveryIds: heldIds, since } };
}
