import type { Check, Fault, FaultContext, FaultOutcome } from './fault';
import { waitUntil } from './probes';

/**
 * The mail-worker's event loop blocked longer than its job lock, right after it claimed a send
 * (the test-only hook FAULT_BLOCK_LOOP_MS, armed by SIGUSR2). BullMQ hands its jobs to the other
 * replica; the Postgres send claim must stop that re-run from calling the provider a second time.
 */
export function eventLoopFaults(): Fault[] {
  return [{ name: 'mail-worker loop blocked > job lock', inject: blockMailWorkerLoop }];
}

async function blockMailWorkerLoop(ctx: FaultContext): Promise<FaultOutcome> {
  const [blocked, other] = ctx.instances('mail-worker');
  const seen = blocked.lines.length;
  blocked.child.kill('SIGUSR2');
  const hookLine = () => blocked.lines.slice(seen).find((l) => l.includes('TEST FAULT HOOK: event loop released'));
  const released = await waitUntil(() => !!hookLine(), ctx.timings.blockLoopMs + 30_000);
  const deliveryId = /"deliveryId":"([0-9a-f-]{36})"/.exec(hookLine() ?? '')?.[1];
  const checks: Check[] = [
    { name: 'loop blocked', ok: released && !!deliveryId, detail: released ? `${ctx.timings.blockLoopMs} ms on delivery ${deliveryId}` : 'the hook never ran' },
  ];
  if (deliveryId) {
    // The other replica ran the stalled job and found the delivery claimed (or already sent). Or the
    // blocked worker's own send failed once its loop was released (its keep-alive connection to the
    // provider timed out meanwhile), so it released the claim, and the re-run sent the mail: also one
    // provider call, which the I3 invariant counts.
    const mentions = (p: typeof other, pattern: RegExp) => p.lines.some((l) => l.includes(deliveryId) && pattern.test(l));
    const held = () => mentions(other, /by another worker|already-done/);
    const sentAfterRelease = () => mentions(blocked, /"outcome":"retry"/) && mentions(other, /"outcome":"sent"/);
    const reRun = await waitUntil(() => held() || sentAfterRelease(), 30_000);
    const detail = !reRun ? `${other.name} never re-ran it`
      : held() ? `${other.name} found it claimed` : `${blocked.name}'s send failed after the block and released it; ${other.name} sent it`;
    checks.push({ name: 'stalled job re-run elsewhere, claim held', ok: reRun, detail });
  }
  return { checks };
}
