import { PrivateRedis, startRedisServer, startStack, Stack } from '@sesame/testing';
import { createTenant, eventually, mapConcurrent, sleep, Tenant } from './support/fixtures';

jest.setTimeout(180_000);

const LINKS = 60;
const FLUSH_AT = new Set([20, 40]);

/**
 * Redis restarted without persistence loses every queued job. The outbox rows are still in
 * Postgres: the scheduler notices the missing epoch marker, marks recently published rows
 * unpublished, the relay (and reconciliation) publish them again, and consumers that already did
 * the work skip it. Every committed link's mail goes out, exactly once.
 */
describe('outbox reconciliation when Redis loses its data', () => {
  let redis: PrivateRedis;
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    redis = await startRedisServer();
    stack = await startStack({
      label: 'redisloss',
      env: { REDIS_URL: redis.url, REDIS_WATCH_MS: '200', OUTBOX_RECONCILE_INTERVAL_MS: '1000', OUTBOX_STALE_MS: '1000' },
    });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  const deliveryIdOf = (body: { custom_args?: Record<string, string>; personalizations?: Array<{ custom_args?: Record<string, string> }> }) =>
    body.custom_args?.sesame_delivery_id ?? body.personalizations?.[0]?.custom_args?.sesame_delivery_id;

  it("sends every committed link's mail once although Redis is flushed twice mid-run", async () => {
    const created = await mapConcurrent(Array.from({ length: LINKS }, (_, i) => i), 4, async (i) => {
      if (FLUSH_AT.has(i)) expect(await redis.command('FLUSHALL')).toBe('OK');
      // A request in flight when Redis is flushed may time out; what counts is what committed.
      const res = await stack.api('/v1/magic-links', { key: tenant.api_key, body: { email: `flush${i}@example.com`, send: true } });
      return res.status === 201 ? (res.body.id as string) : null;
    });

    const { rows: deliveries } = await stack.db.pool.query<{ id: string; link_id: string }>(
      `SELECT id, link_id FROM mail_deliveries WHERE tenant_id = $1`, [tenant.id]);
    const answered = created.filter((id): id is string => id !== null);
    expect(answered.length).toBeGreaterThanOrEqual(LINKS - 8);
    expect(deliveries.map((d) => d.link_id)).toEqual(expect.arrayContaining(answered));

    const sentIds = () => stack.sendgrid.accepted.map((r) => deliveryIdOf(r.body)).filter(Boolean);
    const allSent = await eventually(async () => deliveries.every((d) => sentIds().includes(d.id)), 45_000, 500);
    const missing = deliveries.filter((d) => !sentIds().includes(d.id)).map((d) => d.id);
    expect({ allSent, missing }).toEqual({ allSent: true, missing: [] });

    // Replays keep coming for a while (every flush replays the recent window): none sends twice.
    await sleep(3000);
    const counts = new Map<string, number>();
    for (const id of sentIds()) counts.set(id!, (counts.get(id!) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(counts.size).toBe(deliveries.length);

    const metrics = await stack.metrics('scheduler');
    expect(metrics).toMatch(/sesame_redis_data_loss_total\{service="scheduler"\} [1-9]/);
  });
});
