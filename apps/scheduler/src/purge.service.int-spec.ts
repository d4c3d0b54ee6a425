import { randomBytes, randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { loadConfig, SchedulerConfig } from '@sesame/config';
import { createDataSource } from '@sesame/persistence';
import { createTestDatabase, TestDatabase } from '@sesame/testing';
import { PurgeRepository } from './purge.repository';
import { PurgeService } from './purge.service';
import { SchedulerMetrics } from './scheduler.metrics';

describe('PurgeService (real Postgres)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let tenantId: string;
  let userId: string;

  beforeAll(async () => {
    db = await createTestDatabase('purge');
    ds = await createDataSource({ url: db.url, poolSize: 4 }).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  beforeEach(async () => {
    await ds.query('DELETE FROM tenants');
    await ds.query('DELETE FROM idempotency_keys');
    tenantId = randomUUID();
    userId = randomUUID();
    await ds.query(`INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, 'Acme', '{"app":{"origin":"https://app.example.com"}}')`, [
      tenantId,
      `acme-${tenantId.slice(0, 8)}`,
    ]);
    await ds.query(`INSERT INTO users (id, tenant_id, email) VALUES ($1, $2, 'ada@example.com')`, [userId, tenantId]);
  });

  function service(overrides: Record<string, string> = {}) {
    const config = loadConfig(SchedulerConfig, { PURGE_PAUSE_MS: '0', ...overrides });
    const metrics = new SchedulerMetrics(new Registry());
    return { purge: new PurgeService(new PurgeRepository(ds), metrics, config), metrics };
  }

  /** `expires` etc. are SQL interval offsets from now(), e.g. '-1 minute'. */
  async function insertLink(opts: { expires: string; consumed?: string; revoked?: string }): Promise<string> {
    const id = randomUUID();
    await ds.query(
      `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at, consumed_at, revoked_at)
       VALUES ($1, $2, $3, 'login', $4, now() + $5::interval,
               now() + $6::interval, now() + $7::interval)`,
      [id, tenantId, userId, randomBytes(32), opts.expires, opts.consumed ?? null, opts.revoked ?? null],
    );
    return id;
  }

  async function linkIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await ds.query('SELECT id FROM magic_links ORDER BY id');
    return rows.map((r) => r.id);
  }

  it('deletes only expired links that were neither consumed nor revoked, with their deliveries', async () => {
    const expired = await insertLink({ expires: '-1 minute' });
    const live = await insertLink({ expires: '10 minutes' });
    const consumed = await insertLink({ expires: '-1 minute', consumed: '-5 minutes' });
    const revoked = await insertLink({ expires: '-1 minute', revoked: '-5 minutes' });
    await ds.query(`INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address) VALUES ($1, $2, $3, 'ada@example.com')`, [
      randomUUID(),
      tenantId,
      expired,
    ]);
    const { purge, metrics } = service();

    const result = await purge.expiredLinks();

    expect(result).toMatchObject({ job: 'purge-expired-links', deleted: 1, batches: 1 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(await linkIds()).toEqual([live, consumed, revoked].sort());
    expect(await ds.query('SELECT id FROM mail_deliveries')).toEqual([]);
    expect((await metrics.deletedRows.get()).values).toEqual([
      expect.objectContaining({ labels: { job: 'purge-expired-links' }, value: 1 }),
    ]);
  });

  it('deletes in batches until a batch comes back short', async () => {
    for (let i = 0; i < 5; i++) await insertLink({ expires: `-${i + 1} minutes` });
    const live = await insertLink({ expires: '1 hour' });
    const { purge } = service({ PURGE_BATCH_SIZE: '2' });

    const result = await purge.expiredLinks();

    expect(result).toMatchObject({ deleted: 5, batches: 3 });
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
      const { purge } = service();

      expect(await purge.expiredLinks()).toMatchObject({ deleted: 1 });
      expect(await linkIds()).toEqual([held]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await service().purge.expiredLinks()).toMatchObject({ deleted: 1 });
    expect(await linkIds()).toEqual([]);
  });

  it('deletes exchange codes that are used or expired for more than an hour', async () => {
    const link = await insertLink({ expires: '10 minutes' });
    const insertCode = async (name: string, expires: string, used: string | null) =>
      ds.query(
        `INSERT INTO exchange_codes (code_hash, tenant_id, link_id, expires_at, used_at)
         VALUES ($1, $2, $3, now() + $4::interval, now() + $5::interval)`,
        [Buffer.from(name), tenantId, link, expires, used],
      );
    await insertCode('live', '1 minute', null);
    await insertCode('used', '1 minute', '-1 second');
    await insertCode('expired-recently', '-10 minutes', null);
    await insertCode('expired-long-ago', '-2 hours', null);

    const result = await service().purge.exchangeCodes();

    expect(result).toMatchObject({ job: 'purge-exchange-codes', deleted: 2 });
    const rows: Array<{ name: string }> = await ds.query(`SELECT convert_from(code_hash, 'UTF8') AS name FROM exchange_codes ORDER BY 1`);
    expect(rows.map((r) => r.name)).toEqual(['expired-recently', 'live']);
  });

  it('deletes idempotency keys older than 24 hours', async () => {
    const insertKey = (key: string, age: string) =>
      ds.query(
        `INSERT INTO idempotency_keys (tenant_id, key, fingerprint, created_at) VALUES ($1, $2, $3, now() - $4::interval)`,
        [tenantId, key, 'f'.repeat(64), age],
      );
    for (const key of ['old-1', 'old-2', 'old-3']) await insertKey(key, '25 hours');
    await insertKey('recent', '23 hours');

    const result = await service({ PURGE_BATCH_SIZE: '2' }).purge.idempotencyKeys();

    expect(result).toMatchObject({ job: 'purge-idempotency-keys', deleted: 3, batches: 2 });
    expect(await ds.query('SELECT key FROM idempotency_keys')).toEqual([{ key: 'recent' }]);
  });

  it('stops after the current batch once shutdown has begun', async () => {
    for (let i = 0; i < 3; i++) await insertLink({ expires: '-1 minute' });
    const stopping = new AbortController();
    stopping.abort();

    const result = await service({ PURGE_BATCH_SIZE: '1' }).purge.expiredLinks(stopping.signal);

    expect(result).toMatchObject({ deleted: 1, batches: 1 });
    expect(await linkIds()).toHaveLength(2);
  });
});
