import { randomBytes, randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { loadConfig, SchedulerConfig } from '@sesame/config';
import { createDataSource } from '@sesame/persistence';
import { createTestDatabase, eventProblems, TestDatabase } from '@sesame/testing';
import { SchedulerMetrics } from '../scheduler.metrics';
import { PurgeDefinition } from './purge-definition';
import { PURGE_DEFINITIONS } from './purge-definitions';
import { purgeLockKey, RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

describe('RetentionService (real Postgres)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let tenantId: string;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase('retention');
    ds = await createDataSource({ url: db.url, poolSize: 4 }).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  beforeEach(async () => {
    await ds.query('DELETE FROM tenants');
    await ds.query('DELETE FROM idempotency_keys');
    await ds.query('DELETE FROM retention_runs');
    await ds.query('DELETE FROM outbox');
    await ds.query('DELETE FROM audit_events');
    ({ tenantId, userId } = await insertTenant());
  });

  async function insertTenant(policy: Record<string, unknown> = {}): Promise<{ tenantId: string; userId: string }> {
    const t = randomUUID();
    const u = randomUUID();
    await ds.query(`INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, 'Acme', $3)`, [
      t, `acme-${t.slice(0, 8)}`, JSON.stringify({ app: { origin: 'https://app.example.com' }, ...policy }),
    ]);
    await ds.query(`INSERT INTO users (id, tenant_id, email) VALUES ($1, $2, 'ada@example.com')`, [u, t]);
    return { tenantId: t, userId: u };
  }

  function service(overrides: Record<string, string> = {}, definitions: readonly PurgeDefinition[] = PURGE_DEFINITIONS) {
    const config = loadConfig(SchedulerConfig, { PURGE_PAUSE_MS: '0', EXPIRED_LINK_GRACE_MS: '0', PURGE_CONCURRENCY: '1', ...overrides });
    const metrics = new SchedulerMetrics(new Registry());
    return { retention: new RetentionService(new RetentionRepository(ds), metrics, config, 'test-replica', definitions), metrics };
  }
  const definition = (name: string) => PURGE_DEFINITIONS.find((d) => d.name === name)!;
  const purge = (name: string, overrides: Record<string, string> = {}, signal?: AbortSignal) =>
    service(overrides).retention.run(definition(name), signal);

  /** Offsets are SQL intervals from now(), e.g. '-1 minute'. */
  async function insertLink(opts: { expires: string; consumed?: string; revoked?: string; tenant?: { tenantId: string; userId: string } }) {
    const id = randomUUID();
    const owner = opts.tenant ?? { tenantId, userId };
    await ds.query(
      `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at, consumed_at, revoked_at)
       VALUES ($1, $2, $3, 'login', $4, now() + $5::interval, now() + $6::interval, now() + $7::interval)`,
      [id, owner.tenantId, owner.userId, randomBytes(32), opts.expires, opts.consumed ?? null, opts.revoked ?? null],
    );
    return id;
  }

  async function linkIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await ds.query('SELECT id FROM magic_links ORDER BY id');
    return rows.map((r) => r.id);
  }

  describe('expired links', () => {
    it('deletes only expired links that were neither consumed nor revoked, with their deliveries, and records the run', async () => {
      const expired = await insertLink({ expires: '-1 minute' });
      const live = await insertLink({ expires: '10 minutes' });
      const consumed = await insertLink({ expires: '-1 minute', consumed: '-5 minutes' });
      const revoked = await insertLink({ expires: '-1 minute', revoked: '-5 minutes' });
      await ds.query(`INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address) VALUES ($1, $2, $3, 'ada@example.com')`, [
        randomUUID(), tenantId, expired,
      ]);
      const { retention, metrics } = service();

      const result = await retention.run(definition('expired-links'));

      expect(result).toMatchObject({ purge: 'expired-links', outcome: 'completed', examined: 1, deleted: 1, batches: 1 });
      expect(await linkIds()).toEqual([live, consumed, revoked].sort());
      expect(await ds.query('SELECT id FROM mail_deliveries')).toEqual([]);
      expect((await metrics.purgeDeleted.get()).values).toEqual([expect.objectContaining({ labels: { purge: 'expired-links' }, value: 1 })]);
      expect((await metrics.linksExpired.get()).values).toEqual([expect.objectContaining({ labels: { type: 'login' }, value: 1 })]);
      const runs = await ds.query(`SELECT purge, replica, outcome, examined::int, deleted::int, batches, duration_ms, finished_at >= started_at AS ordered FROM retention_runs`);
      expect(runs).toEqual([
        { purge: 'expired-links', replica: 'test-replica', outcome: 'completed', examined: 1, deleted: 1, batches: 1, duration_ms: expect.any(Number), ordered: true },
      ]);
    });

    it('keeps a link for the grace period past its expiry', async () => {
      const justExpired = await insertLink({ expires: '-1 second' });
      const longExpired = await insertLink({ expires: '-10 seconds' });

      await purge('expired-links', { EXPIRED_LINK_GRACE_MS: '5000' });

      expect(await linkIds()).toEqual([justExpired]);
      expect(longExpired).toBeDefined();
    });

    it('deletes in batches until a batch comes back short', async () => {
      for (let i = 0; i < 5; i++) await insertLink({ expires: `-${i + 1} minutes` });
      const live = await insertLink({ expires: '1 hour' });

      expect(await purge('expired-links', { PURGE_BATCH_SIZE: '2' })).toMatchObject({ deleted: 5, batches: 3 });
      expect(await linkIds()).toEqual([live]);
    });

    it('shares the batches between PURGE_CONCURRENCY sessions without deleting anything twice or live', async () => {
      await ds.query(
        `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at)
         SELECT gen_random_uuid(), $1, $2, 'login', sha256(int8send(i)), now() - make_interval(secs => i) FROM generate_series(1, 500) i`,
        [tenantId, userId],
      );
      const live = await insertLink({ expires: '1 hour' });

      const result = await purge('expired-links', { PURGE_BATCH_SIZE: '20', PURGE_CONCURRENCY: '3' });

      expect(result).toMatchObject({ outcome: 'completed', examined: 500, deleted: 500 });
      expect(result.batches).toBeGreaterThanOrEqual(25);
      expect(await linkIds()).toEqual([live]);
    });

    it('skips rows another transaction holds and leaves them for the next run', async () => {
      const held = await insertLink({ expires: '-1 minute' });
      await insertLink({ expires: '-2 minutes' });
      const runner = ds.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query('SELECT id FROM magic_links WHERE id = $1 FOR UPDATE', [held]);
        expect(await purge('expired-links')).toMatchObject({ deleted: 1 });
        expect(await linkIds()).toEqual([held]);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect(await purge('expired-links')).toMatchObject({ deleted: 1 });
      expect(await linkIds()).toEqual([]);
    });

    it('emits magiclink.expired once per link, only for tenants with an enabled subscribed endpoint', async () => {
      const subscribed = { tenantId, userId };
      const wildcard = await insertTenant();
      const disabled = await insertTenant();
      const other = await insertTenant();
      const endpoint = (t: string, events: string[], enabled = true) =>
        ds.query(`INSERT INTO webhook_endpoints (id, tenant_id, url, events, sealed_secret, enabled) VALUES ($1, $2, 'https://h.example.com', $3, '\\x00', $4)`, [
          randomUUID(), t, events, enabled,
        ]);
      await endpoint(subscribed.tenantId, ['magiclink.expired']);
      await endpoint(wildcard.tenantId, ['*']);
      await endpoint(disabled.tenantId, ['magiclink.expired'], false);
      await endpoint(other.tenantId, ['magiclink.consumed']);
      const a = await insertLink({ expires: '-1 minute', tenant: subscribed });
      const b = await insertLink({ expires: '-2 minutes', tenant: wildcard });
      await insertLink({ expires: '-1 minute', tenant: disabled });
      await insertLink({ expires: '-1 minute', tenant: other });

      await purge('expired-links', { PURGE_BATCH_SIZE: '1' });
      await purge('expired-links');

      const events: Array<{ tenant_id: string; payload: { event: { type: string; data: Record<string, unknown> } } }> = await ds.query(
        `SELECT tenant_id, payload FROM outbox WHERE queue = 'webhooks' ORDER BY id`,
      );
      expect(events.map((e) => [e.tenant_id, e.payload.event.type, e.payload.event.data.link_id]).sort()).toEqual(
        [[subscribed.tenantId, 'magiclink.expired', a], [wildcard.tenantId, 'magiclink.expired', b]].sort(),
      );
      expect(events[0].payload.event.data).toEqual({ link_id: expect.any(String), type: 'login', user_id: expect.any(String), expired_at: expect.any(String) });
      for (const e of events) expect(eventProblems(JSON.stringify(e.payload.event))).toEqual([]);
      expect(await linkIds()).toEqual([]);
    });

    it('stops after the current batch once shutdown has begun', async () => {
      for (let i = 0; i < 3; i++) await insertLink({ expires: '-1 minute' });
      const stopping = new AbortController();
      stopping.abort();

      expect(await purge('expired-links', { PURGE_BATCH_SIZE: '1' }, stopping.signal)).toMatchObject({ deleted: 1, batches: 1 });
      expect(await linkIds()).toHaveLength(2);
    });

    it('skips the run, deleting nothing, while another session holds its advisory lock', async () => {
      await insertLink({ expires: '-1 minute' });
      const runner = ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [purgeLockKey('expired-links')]);
        const { retention, metrics } = service();
        expect(await retention.run(definition('expired-links'))).toMatchObject({ outcome: 'skipped', deleted: 0 });
        expect((await metrics.purgeRuns.get()).values).toEqual([expect.objectContaining({ labels: { purge: 'expired-links', outcome: 'skipped' }, value: 1 })]);
        expect(await linkIds()).toHaveLength(1);
        expect(await ds.query('SELECT * FROM retention_runs')).toEqual([]);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock_all()`);
        await runner.release();
      }
      expect(await purge('expired-links')).toMatchObject({ outcome: 'completed', deleted: 1 });
    });
  });

  describe('used and revoked links (tenant retention)', () => {
    it('keeps a used link at retention − 1 s and deletes it at retention + 1 s', async () => {
      const tenant = await insertTenant({ retention: { used_links_days: 2 } });
      const stays = await insertLink({ expires: '-2 days', consumed: `-2 days +1 second`, tenant });
      await insertLink({ expires: '-2 days', consumed: `-2 days -1 second`, tenant });
      const revokedStays = await insertLink({ expires: '-2 days', revoked: `-2 days +1 second`, tenant });
      await insertLink({ expires: '-2 days', revoked: `-2 days -1 second`, tenant });

      const { retention } = service();
      const result = await retention.runJob('purge-retained-data');

      expect(result.results.find((r) => r.purge === 'used-links')).toMatchObject({ deleted: 1 });
      expect(result.results.find((r) => r.purge === 'revoked-links')).toMatchObject({ deleted: 1 });
      expect(await linkIds()).toEqual([stays, revokedStays].sort());
    });

    it('uses 30 days for a policy without the field, and holds every tenant between the floor and the ceiling', async () => {
      const defaulted = { tenantId, userId };
      const long = await insertTenant({ retention: { used_links_days: 400 } });
      const zero = await insertTenant({ retention: { used_links_days: 0 } });
      const d29 = await insertLink({ expires: '-40 days', consumed: '-29 days', tenant: defaulted });
      await insertLink({ expires: '-40 days', consumed: '-31 days', tenant: defaulted });
      const long100 = await insertLink({ expires: '-200 days', consumed: '-100 days', tenant: long });
      const zeroRecent = await insertLink({ expires: '-1 hour', consumed: '-1 hour', tenant: zero });

      // A floor of 1 day protects the 0-day tenant's link of an hour ago.
      await service({ RETENTION_MIN_DAYS: '1' }).retention.run(definition('used-links'));
      expect(await linkIds()).toEqual([d29, long100, zeroRecent].sort());

      // A ceiling of 50 days cuts the 400-day tenant's.
      await service({ RETENTION_MAX_DAYS: '50', RETENTION_MIN_DAYS: '1' }).retention.run(definition('used-links'));
      expect(await linkIds()).toEqual([d29, zeroRecent].sort());
      await service({ RETENTION_MIN_DAYS: '0' }).retention.run(definition('used-links'));
      expect(await linkIds()).toEqual([d29]);
    });
  });

  describe('retained data with their own retention', () => {
    it('deletes audit events, deliveries, published outbox rows, exchange codes, keys and old runs past their periods', async () => {
      const link = await insertLink({ expires: '10 minutes' });
      const age = async (sql: string, params: unknown[]) => ds.query(sql, params);
      for (const [days, action] of [[3, 'old'], [1, 'recent']] as const) {
        await age(`INSERT INTO audit_events (tenant_id, action, subject_type, created_at) VALUES ($1, $2, 'magic_link', now() - make_interval(days => $3))`, [tenantId, action, days]);
        await age(`INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address, created_at) VALUES ($1, $2, $3, $4, now() - make_interval(days => $5))`, [randomUUID(), tenantId, link, `${action}@example.com`, days]);
        await age(`INSERT INTO outbox (tenant_id, queue, job_name, payload, published_at) VALUES ($1, 'mail', $2, '{}', now() - make_interval(days => $3))`, [tenantId, action, days]);
        await age(`INSERT INTO retention_runs (purge, replica, outcome, duration_ms, started_at, finished_at) VALUES ($1, 'r', 'completed', 1, now() - make_interval(days => $2), now())`, [action, days]);
      }
      await ds.query(`INSERT INTO outbox (tenant_id, queue, job_name, payload, created_at) VALUES ($1, 'mail', 'unpublished', '{}', now() - interval '9 days')`, [tenantId]);
      const code = (name: string, expires: string, used: string | null) =>
        ds.query(`INSERT INTO exchange_codes (code_hash, tenant_id, link_id, expires_at, used_at) VALUES ($1, $2, $3, now() + $4::interval, now() + $5::interval)`, [
          Buffer.from(name), tenantId, link, expires, used,
        ]);
      await code('live', '1 minute', null);
      await code('used-now', '1 minute', '-1 second');
      await code('used-long-ago', '-1 hour', '-2 hours');
      await code('expired-recently', '-10 minutes', null);
      await code('expired-long-ago', '-2 hours', null);
      for (const [key, age2] of [['old', '25 hours'], ['recent', '23 hours']]) {
        await ds.query(`INSERT INTO idempotency_keys (tenant_id, key, fingerprint, created_at) VALUES ($1, $2, $3, now() - $4::interval)`, [tenantId, key, 'f'.repeat(64), age2]);
      }

      await service({
        AUDIT_RETENTION_DAYS: '2', MAIL_DELIVERY_RETENTION_DAYS: '2', OUTBOX_RETENTION_HOURS: '48', RETENTION_RUNS_RETENTION_DAYS: '2',
        EXCHANGE_CODE_RETENTION_MINUTES: '60', PURGE_BATCH_SIZE: '1',
      }).retention.runJob('purge-retained-data');

      expect(await ds.query(`SELECT action FROM audit_events`)).toEqual([{ action: 'recent' }]);
      expect(await ds.query(`SELECT to_address FROM mail_deliveries`)).toEqual([{ to_address: 'recent@example.com' }]);
      expect(await ds.query(`SELECT job_name FROM outbox ORDER BY job_name`)).toEqual([{ job_name: 'recent' }, { job_name: 'unpublished' }]);
      const codes: Array<{ name: string }> = await ds.query(`SELECT convert_from(code_hash, 'UTF8') AS name FROM exchange_codes ORDER BY 1`);
      expect(codes.map((r) => r.name)).toEqual(['expired-recently', 'live', 'used-now']);
      expect(await ds.query(`SELECT key FROM idempotency_keys`)).toEqual([{ key: 'recent' }]);
      const runs: Array<{ purge: string }> = await ds.query(`SELECT DISTINCT purge FROM retention_runs ORDER BY 1`);
      expect(runs.map((r) => r.purge)).not.toContain('old');
      expect(runs.map((r) => r.purge)).toEqual(expect.arrayContaining(['recent', 'audit-events', 'used-links', 'retention-runs']));
    });
  });

  describe('deleted tenants', () => {
    it('purges a tenant deleted longer ago than the window with all its data, and records it where no cascade reaches', async () => {
      const doomed = await insertTenant();
      const recent = await insertTenant();
      await insertLink({ expires: '10 minutes', tenant: doomed });
      for (const t of [doomed, recent, { tenantId, userId }]) {
        await ds.query(`INSERT INTO audit_events (tenant_id, action, subject_type) VALUES ($1, 'kept-or-not', 'tenant')`, [t.tenantId]);
        await ds.query(`INSERT INTO idempotency_keys (tenant_id, key, fingerprint) VALUES ($1, 'k', $2)`, [t.tenantId, 'f'.repeat(64)]);
        await ds.query(`INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, scopes) VALUES ($1, $1, 'k', 'sk_x', $2, '{admin}')`, [
          t.tenantId, randomBytes(32).toString('hex'),
        ]);
      }
      await ds.query(`UPDATE tenants SET deleted_at = now() - interval '2 hours', disabled_at = now() WHERE id = $1`, [doomed.tenantId]);
      await ds.query(`UPDATE tenants SET deleted_at = now() - interval '30 minutes', disabled_at = now() WHERE id = $1`, [recent.tenantId]);

      const result = await purge('deleted-tenants', { DELETED_TENANT_RETENTION_SECONDS: '3600' });

      expect(result).toMatchObject({ deleted: 1 });
      const left = async (table: string) => (await ds.query(`SELECT DISTINCT tenant_id FROM ${table} ORDER BY 1`)).map((r: { tenant_id: string }) => r.tenant_id);
      const survivors = [recent.tenantId, tenantId].sort();
      for (const table of ['api_keys', 'users', 'audit_events', 'idempotency_keys']) expect([table, await left(table)]).toEqual([table, survivors]);
      expect(await linkIds()).toEqual([]);
      expect((await ds.query(`SELECT id FROM tenants ORDER BY id`)).map((r: { id: string }) => r.id)).toEqual(survivors);
      expect(await ds.query(`SELECT action, tenant_id, data->>'slug' AS slug FROM operator_audit_events`)).toEqual([
        { action: 'tenant.purged', tenant_id: doomed.tenantId, slug: `acme-${doomed.tenantId.slice(0, 8)}` },
      ]);
    });
  });
});
