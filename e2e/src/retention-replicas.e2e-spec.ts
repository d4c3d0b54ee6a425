import { startStack, Stack } from '@sesame/testing';
import { createApiKey, createLink, createTenant, eventually, expectStatus, mapConcurrent, sleep, sumMetric, Tenant, tokenOfUrl } from './support/fixtures';

jest.setTimeout(180_000);

const INTERVAL_MS = 1000;

/**
 * Two scheduler processes on one Redis and one database: every tick of the expired-link purge
 * runs once cluster-wide, and purging never touches a live link while people sign in.
 */
describe('retention with two scheduler processes', () => {
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    stack = await startStack({
      label: 'retention',
      schedulerReplicas: 2,
      env: { EXPIRED_LINK_PURGE_INTERVAL_MS: String(INTERVAL_MS), EXPIRED_LINK_GRACE_MS: '0', PURGE_BATCH_SIZE: '100', PURGE_PAUSE_MS: '5' },
    });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const schedulers = () => stack.processes.filter((p) => p.app === 'scheduler');
  const jobRuns = async () => {
    const texts = await Promise.all(schedulers().map((p) => stack.metrics(p.name)));
    return texts.reduce((n, t) => n + sumMetric(t, 'sesame_scheduler_runs_total', { job: 'purge-expired-links' }), 0);
  };

  it("runs each tick's purge once, never two at a time", async () => {
    expect(schedulers()).toHaveLength(2);
    const { rows: [{ t0 }] } = await stack.db.pool.query<{ t0: Date }>('SELECT now() AS t0');
    const jobsBefore = await jobRuns();
    const started = Date.now();

    await sleep(8000);

    const ticks = (Date.now() - started) / INTERVAL_MS;
    const jobs = (await jobRuns()) - jobsBefore;
    const { rows } = await stack.db.pool.query<{ replica: string; started_at: Date; finished_at: Date }>(
      `SELECT replica, started_at, finished_at FROM retention_runs WHERE purge = 'expired-links' AND started_at >= $1 ORDER BY started_at`,
      [t0],
    );
    // Once per tick is ~8 in 8 s; once per replica would be ~16.
    expect(jobs).toBeGreaterThanOrEqual(2);
    expect(jobs).toBeLessThanOrEqual(Math.ceil(ticks) + 1);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.length).toBeLessThanOrEqual(jobs);
    for (let i = 1; i < rows.length; i++) expect(rows[i].started_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].finished_at.getTime());
  });

  it('deletes every expired link and no live one while consumes run concurrently', async () => {
    const live = await mapConcurrent(Array.from({ length: 120 }, (_, i) => i), 8, (i) =>
      createLink(stack, tenant.api_key, { email: `live${i}@example.com`, send: false }),
    );
    const { rows: [{ user_id }] } = await stack.db.pool.query<{ user_id: string }>('SELECT user_id FROM magic_links WHERE id = $1', [live[0].id]);
    const insertExpired = (n: number) =>
      stack.db.pool.query(
        `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at)
         SELECT gen_random_uuid(), $1, $2, 'login', sha256(convert_to(gen_random_uuid()::text, 'UTF8')), now() - interval '1 minute'
         FROM generate_series(1, $3)`,
        [tenant.id, user_id, n],
      );
    await insertExpired(2000);

    // Consumes on one side, fresh expired rows (so purge batches keep running) on the other.
    const feeding = (async () => {
      for (let i = 0; i < 5; i++) {
        await insertExpired(1000);
        await sleep(300);
      }
    })();
    const results = await mapConcurrent(live, 8, (link) =>
      stack.api('/v1/magic-links/authenticate', { key: tenant.api_key, body: { token: tokenOfUrl(link.url, stack.baseUrl) } }),
    );
    await feeding;

    expect(results.map((r) => r.status)).toEqual(Array(live.length).fill(200));
    const remaining = await eventually(async () => {
      const { rows } = await stack.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM magic_links WHERE tenant_id = $1 AND consumed_at IS NULL AND expires_at < now()`, [tenant.id]);
      return rows[0].n === 0 ? 'none' : '';
    }, 60_000);
    expect(remaining).toBe('none');
    const { rows: kept } = await stack.db.pool.query<{ id: string; consumed: boolean }>(
      `SELECT id, consumed_at IS NOT NULL AS consumed FROM magic_links WHERE id = ANY($1::uuid[])`, [live.map((l) => l.id)]);
    expect(kept).toHaveLength(live.length);
    expect(kept.every((k) => k.consumed)).toBe(true);
  });

  it('GET /v1/admin/retention shows recent runs to the operator only', async () => {
    const res = expectStatus(await stack.api('/v1/admin/retention?purge=expired-links&limit=5', { key: stack.rootKey }), 200, 'GET retention');
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.length).toBeLessThanOrEqual(5);
    expect(res.body.data[0]).toEqual({
      id: expect.any(String), purge: 'expired-links', replica: expect.any(String), outcome: 'completed', examined: expect.any(Number),
      deleted: expect.any(Number), batches: expect.any(Number), duration_ms: expect.any(Number), error: null,
      started_at: expect.any(String), finished_at: expect.any(String),
    });
    const summary = res.body.last_24h.find((s: { purge: string }) => s.purge === 'expired-links');
    expect(summary).toMatchObject({ runs: expect.any(Number), failed_runs: 0, last_outcome: 'completed' });
    expect(summary.deleted).toBeGreaterThanOrEqual(7000);

    const all = expectStatus(await stack.api('/v1/admin/retention', { key: stack.rootKey }), 200, 'GET retention (all)');
    expect(all.body.last_24h.map((s: { purge: string }) => s.purge)).toEqual(expect.arrayContaining(['expired-links', 'used-links', 'audit-events']));

    const admin = await createApiKey(stack, tenant.api_key, ['admin']);
    expect(expectStatus(await stack.api('/v1/admin/retention', { key: admin }), 401, 'tenant admin key').body.error.code).toBe('unauthorized');
    expect(expectStatus(await stack.api('/v1/admin/retention'), 401, 'no key').body.error.code).toBe('unauthorized');
    for (const query of ['limit=0', 'limit=201', 'limit=x', 'purge=Bad%20Name', 'outcome=maybe']) {
      const bad = expectStatus(await stack.api(`/v1/admin/retention?${query}`, { key: stack.rootKey }), 400, query);
      expect(bad.body.error.code).toBe('validation_failed');
    }
  });
});
