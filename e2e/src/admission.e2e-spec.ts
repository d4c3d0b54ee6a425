import { ApiResponse, Stack, startStack } from '@sesame/testing';
import { createTenant, eventually, mapConcurrent, sumMetric, Tenant } from './support/fixtures';

jest.setTimeout(180_000);

/** A small fixed limit, so a handful of requests fills the gateway (production adapts it). */
const LIMIT = 6;
const SHARE = 0.5; // 3 requests per tenant
/** Jobs per second a tenant publishes before its further jobs queue behind other tenants'. */
const FAIR_RATE = 2;

/**
 * Beyond capacity, all five processes: the gateway refuses at once what it cannot take (503, or
 * 429 for a tenant over its share) with Retry-After, creates exactly the links it said it created,
 * tells the workers to yield while it is loaded, and one tenant's burst of emails does not hold up
 * another tenant's.
 */
describe('admission control and fairness between tenants', () => {
  let stack: Stack;
  let x: Tenant, y: Tenant, z: Tenant;

  beforeAll(async () => {
    stack = await startStack({
      label: 'admission',
      env: {
        ADMISSION_MODE: 'fixed', ADMISSION_LIMIT: String(LIMIT), ADMISSION_TENANT_SHARE: String(SHARE),
        OUTBOX_TENANT_FAIR_RATE: String(FAIR_RATE), MAIL_CONCURRENCY: '4', MAIL_CONCURRENCY_UNDER_PRESSURE: '1',
        // Admitted requests wait for a stopped token-service below; they must not time out meanwhile.
        RPC_TIMEOUT_MS: '15000',
      },
    });
    [x, y, z] = [await createTenant(stack, 'X'), await createTenant(stack, 'Y'), await createTenant(stack, 'Z')];
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const create = (t: Tenant, email: string, send = false) => stack.api('/v1/magic-links', { key: t.api_key, body: { email, send } });
  const linksOf = async (t: Tenant) =>
    (await stack.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM magic_links WHERE tenant_id = $1', [t.id])).rows[0].n;
  const inFlight = async () => sumMetric(await stack.metrics('gateway'), 'sesame_admission_in_flight', {});

  it('refuses what it cannot take at once with Retry-After (503 full, 429 over the tenant share), before any work, and creates exactly what it answered 201 for', async () => {
    // The gateway knows a key's tenant once it has resolved it: one request each.
    for (const t of [x, y, z]) expect((await stack.api('/v1/policy', { key: t.api_key })).status).toBe(200);
    const tokenService = stack.processes.find((p) => p.name === 'token-service')!;
    tokenService.child.kill('SIGSTOP'); // admitted requests now wait; refusals cannot involve it
    try {
      const xRefused: ApiResponse[] = [];
      const xs = Array.from({ length: 5 }, (_, i) => create(x, `x${i}@example.com`).then((r) => (xRefused.push(r), r)));
      // Answered while token-service is stopped: the refusals, and nothing else can answer.
      expect(await eventually(async () => xRefused.length === 2 && (await inFlight()) === 3, 5000, 50)).toBe(true);
      const ys = Array.from({ length: 3 }, (_, i) => create(y, `y${i}@example.com`));
      expect(await eventually(async () => (await inFlight()) === LIMIT, 5000, 50)).toBe(true);
      const zs = await Promise.all(Array.from({ length: 2 }, (_, i) => create(z, `z${i}@example.com`)));

      const refusal = (r: ApiResponse) => `${r.status} ${r.body.error.code} ${r.headers.get('retry-after')}`;
      expect(xRefused.slice(0, 2).map(refusal)).toEqual(Array(2).fill('429 rate_limited 1'));
      expect(zs.map(refusal)).toEqual(Array(2).fill('503 service_unavailable 1'));

      // While the gateway is loaded the workers are told to yield (and hear it within a second).
      expect(await eventually(async () => stack.logs().some((l) => l.includes('API under pressure: mail yields')), 5000, 100)).toBe(true);

      tokenService.child.kill('SIGCONT');
      const answered = await Promise.all([...xs, ...ys]);
      const statuses = answered.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429, 429]);
    } finally {
      tokenService.child.kill('SIGCONT');
    }
    expect([await linksOf(x), await linksOf(y), await linksOf(z)]).toEqual([3, 3, 0]);
    const metrics = await stack.metrics('gateway');
    expect(sumMetric(metrics, 'sesame_admission_refused_total', { reason: 'tenant_share' })).toBe(2);
    expect(sumMetric(metrics, 'sesame_admission_refused_total', { reason: 'overloaded' })).toBe(2);
    // The mark expires by itself once the gateway is idle: the workers go back to full speed.
    expect(await eventually(async () => stack.logs().some((l) => l.includes('API pressure over: mail at full concurrency')), 10_000, 200)).toBe(true);
    expect(await inFlight()).toBe(0);
  });

  it("one tenant's burst of emails does not hold up another tenant's, and the burst is all delivered afterwards, once each", async () => {
    const a = await createTenant(stack, 'Burst A');
    const b = await createTenant(stack, 'Quiet B');
    const mine = (domain: string) => stack.sendgrid.accepted.filter((r) => JSON.stringify(r.body.personalizations).includes(domain));
    // A slow provider (80 ms per send, 4 at a time): A's burst becomes a backlog of several seconds.
    stack.sendgrid.fault('delay', 10_000, 80);
    const BURST = 150;
    await mapConcurrent(Array.from({ length: BURST }, (_, i) => i), 3, async (i) => {
      const r = await create(a, `burst${i}@a.example`, true);
      if (r.status !== 201) throw new Error(`burst create ${i}: ${r.status} ${JSON.stringify(r.body)}`);
    });
    for (let i = 0; i < 3; i++) expect((await create(b, `quiet${i}@b.example`, true)).status).toBe(201);

    // B's emails go out ahead of A's backlog: when the last of them is accepted, most of A's still wait.
    await eventually(async () => mine('@b.example').length === 3, 60_000, 50);
    expect(mine('@b.example')).toHaveLength(3);
    const aDoneWhenBDone = mine('@a.example').length;
    expect(aDoneWhenBDone).toBeLessThan(BURST - 50);

    // Recovery: the burst drains completely, each email once.
    await eventually(async () => mine('@a.example').length >= BURST, 120_000, 250);
    const recipients = mine('@a.example').map((r) => r.body.personalizations[0].to[0].email);
    expect(new Set(recipients).size).toBe(BURST);
    expect(recipients).toHaveLength(BURST);
  });
});
