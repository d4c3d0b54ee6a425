import { hostname } from 'node:os';
import { FakeSendGridRequest, Stack, StackProcess, startStack } from '@sesame/testing';
import { createLink, createTenant, sleep, Tenant } from './support/fixtures';

jest.setTimeout(180_000);

/** Short, so the suite runs in seconds; production is 30 s. */
const JOB_LOCK_MS = 5000;
/** The promise: a send a dead or frozen worker held reaches the provider within the lock window plus 5 s. */
const WINDOW_MS = JOB_LOCK_MS + 5000;
/** The frozen worker's event loop blocks this long after its claim (test-only hook), so it is frozen before its provider call. */
const BLOCK_MS = 2000;
const LINKS = 8;

/**
 * Two mail-worker replicas; one dies (SIGKILL) or freezes (SIGSTOP) while it holds claimed sends.
 * The survivor re-runs the stalled jobs and takes their claims over at once (the claim records the
 * job run: a later run of the same job wins), instead of waiting for SEND_CLAIM_TIMEOUT_MS (2 min).
 */
describe('mail-worker crash: claimed sends are sent by the other replica within the job-lock window', () => {
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    stack = await startStack({
      label: 'mailcrash',
      replicas: { 'mail-worker': 2 },
      env: { JOB_LOCK_MS: String(JOB_LOCK_MS), SENDGRID_TIMEOUT_MS: '30000', FAULT_BLOCK_LOOP_MS: String(BLOCK_MS) },
    });
    tenant = await createTenant(stack);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const workers = () => stack.processes.filter((p) => p.app === 'mail-worker');
  /** How a worker names itself in the claims it takes. */
  const owner = (p: StackProcess) => `${hostname()}:${p.pid}`;
  const deliveryOf = (r: FakeSendGridRequest): string | undefined => r.body?.custom_args?.sesame_delivery_id;
  const accepted = (id: string) => stack.sendgrid.requests.filter((r) => deliveryOf(r) === id && r.status >= 200 && r.status < 300);

  /** The tenant's deliveries now claimed (`sending`), by the worker holding them. */
  async function claimsOf(p: StackProcess): Promise<string[]> {
    const { rows } = await stack.db.pool.query<{ id: string }>(
      `SELECT id FROM mail_deliveries WHERE tenant_id = $1 AND status = 'sending' AND claimed_by = $2`, [tenant.id, owner(p)],
    );
    return rows.map((r) => r.id);
  }

  async function createLinks(tag: string): Promise<void> {
    await Promise.all(Array.from({ length: LINKS }, (_, i) => createLink(stack, tenant.api_key, { email: `${tag}${i}@example.com`, send: true })));
  }

  async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(25);
    }
  }

  /** Waits until every one of `ids` was accepted by the provider, and returns when each first was (ms after `since`). */
  async function firstAccepted(ids: string[], since: number): Promise<number[]> {
    await waitFor('every held send to be accepted', WINDOW_MS + 20_000, () => (ids.every((id) => accepted(id).length > 0) ? true : undefined));
    return ids.map((id) => Math.min(...accepted(id).map((r) => r.receivedAt.getTime())) - since);
  }

  it('SIGKILL: every send the dead worker held reaches the provider within JOB_LOCK_MS + 5 s, none twice', async () => {
    stack.sendgrid.reset();
    // A slow provider: every send is held, claimed, until the fake answers again.
    stack.sendgrid.answerEveryRequest('no-answer');
    await createLinks(`kill${Date.now()}-`);
    await waitFor('every send to be at the provider', 60_000, () => (stack.sendgrid.requests.length >= LINKS ? true : undefined));

    const held = await Promise.all(workers().map(async (p) => ({ p, ids: await claimsOf(p) })));
    const victim = held.sort((a, b) => b.ids.length - a.ids.length)[0];
    expect(victim.ids.length).toBeGreaterThan(0);
    const exited = new Promise((resolve) => victim.p.child.once('exit', resolve));
    victim.p.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    stack.sendgrid.answerEveryRequest(null);

    const delays = await firstAccepted(victim.ids, killedAt);
    console.log(`[mail-crash] SIGKILL: ${victim.ids.length} held sends accepted ${Math.min(...delays)}-${Math.max(...delays)} ms after the kill (window ${WINDOW_MS} ms)`);
    for (const d of delays) expect(d).toBeLessThanOrEqual(WINDOW_MS);
    // The dead worker's requests were never answered (never accepted): the survivor's is the only acceptance.
    for (const id of victim.ids) expect(accepted(id)).toHaveLength(1);

    await stack.restart(victim.p.name);
  });

  it('SIGSTOP: the survivor sends what the frozen worker held within JOB_LOCK_MS + 5 s; the frozen one, resumed, sends none of it', async () => {
    stack.sendgrid.reset();
    const [frozen] = workers();
    const seen = frozen.lines.length;
    // Arms the test-only hook: the frozen worker's next send blocks right after its claim, before its provider call.
    frozen.child.kill('SIGUSR2');
    await waitFor('the hook to be armed', 10_000, () => (frozen.lines.slice(seen).some((l) => l.includes('TEST FAULT HOOK armed')) ? true : undefined));
    await createLinks(`stop${Date.now()}-`);

    // Frozen while it holds a claim it has not sent yet.
    await waitFor('a claim by the worker to freeze', 60_000, async () => ((await claimsOf(frozen)).length > 0 ? true : undefined));
    frozen.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    try {
      const held = await claimsOf(frozen);
      expect(held.length).toBeGreaterThan(0);
      const delays = await firstAccepted(held, stoppedAt);
      console.log(`[mail-crash] SIGSTOP: ${held.length} held sends accepted ${Math.min(...delays)}-${Math.max(...delays)} ms after the freeze (window ${WINDOW_MS} ms)`);
      for (const d of delays) expect(d).toBeLessThanOrEqual(WINDOW_MS);

      const resumedAt = Date.now();
      frozen.child.kill('SIGCONT');
      // The blocked send finishes its run: it reaches its claim check, finds the claim taken over, and stands down.
      const finished = (l: string) => l.includes('mail job finished') && held.some((id) => l.includes(id));
      const outcomes = await waitFor('the frozen worker to finish its held sends', 30_000, () => {
        const lines = frozen.lines.slice(seen).filter(finished);
        return lines.length > 0 ? lines.map((l) => /"outcome":"([a-z-]+)"/.exec(l)?.[1]) : undefined;
      });
      await sleep(1000);
      const afterResume = stack.sendgrid.requests.filter((r) => held.includes(deliveryOf(r) ?? '') && r.receivedAt.getTime() >= resumedAt);
      expect(afterResume.map(deliveryOf)).toEqual([]);
      expect(outcomes).toContain('superseded');
      // A send the worker had handed to the provider before it froze may be sent again by the survivor: at most once more.
      for (const id of held) expect(accepted(id).length).toBeLessThanOrEqual(2);
    } finally {
      frozen.child.kill('SIGCONT');
    }
  });
});
