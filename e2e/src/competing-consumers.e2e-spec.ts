import { startStack, Stack } from '@sesame/testing';
import { createTenant, mapConcurrent, sumMetric, Tenant } from './support/fixtures';

jest.setTimeout(120_000);

const LINKS = 1000;
const IN_FLIGHT = 50;

/** Two token-service replicas share the RPC request stream: every request is served once, by either. */
describe('competing token-service consumers', () => {
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    stack = await startStack({ label: 'competing', tokenServiceReplicas: 2 });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it(`creates ${LINKS} links with ${IN_FLIGHT} in flight, each exactly once`, async () => {
    const runId = Date.now().toString(36);
    const responses = await mapConcurrent(Array.from({ length: LINKS }, (_, i) => i), IN_FLIGHT, (i) =>
      stack.api('/v1/magic-links', { key: tenant.api_key, body: { email: `user${i}.${runId}@example.com`, send: false } }),
    );

    const statuses = new Map<number, number>();
    for (const r of responses) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 201: LINKS });
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(LINKS);
    expect(new Set(responses.map((r) => r.body.url)).size).toBe(LINKS);

    const { rows } = await stack.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM magic_links WHERE tenant_id = $1', [tenant.id]);
    expect(rows[0].n).toBe(LINKS);

    const replicas = stack.processes.filter((p) => p.app === 'token-service');
    expect(replicas).toHaveLength(2);
    const served = await Promise.all(replicas.map(async (p) => sumMetric(await stack.metrics(p.name), 'sesame_rpc_requests_total', { pattern: 'links.create' })));
    for (const n of served) expect(n).toBeGreaterThan(0);
    expect(served[0] + served[1]).toBeGreaterThanOrEqual(LINKS);
  });
});
