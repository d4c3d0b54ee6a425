import { randomBytes, randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { loadConfig, SchedulerConfig } from '@sesame/config';
import { createDataSource } from '@sesame/persistence';
import { createTestDatabase, TestDatabase } from '@sesame/testing';
import { SchedulerMetrics } from '../scheduler.metrics';
import { PURGE_DEFINITIONS } from './purge-definitions';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Sign-in requests of the public endpoint go an hour after they expire. */
describe('purge of expired link requests (real Postgres)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('link-requests-purge');
    ds = await createDataSource({ url: db.url, poolSize: 2 }).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('deletes requests expired more than an hour ago and keeps the rest', async () => {
    const tenantId = randomUUID();
    await ds.query(`INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, 'Acme', '{}')`, [tenantId, `acme-${tenantId.slice(0, 8)}`]);
    const insert = async (expires: string) => {
      const id = randomUUID();
      await ds.query(
        `INSERT INTO link_requests (id, tenant_id, email_hash, match_code, expires_at) VALUES ($1, $2, $3, 'ABC-DEF', now() + $4::interval)`,
        [id, tenantId, randomBytes(32), expires],
      );
      return id;
    };
    const old = await insert('-2 hours');
    const recent = await insert('-10 minutes');
    const live = await insert('10 minutes');

    const config = loadConfig(SchedulerConfig, { PURGE_PAUSE_MS: '0' });
    const service = new RetentionService(new RetentionRepository(ds), new SchedulerMetrics(new Registry()), config, 'test', PURGE_DEFINITIONS);
    const result = await service.run(PURGE_DEFINITIONS.find((d) => d.name === 'expired-link-requests')!);

    expect(result).toMatchObject({ deleted: 1 });
    const left: Array<{ id: string }> = await ds.query('SELECT id FROM link_requests');
    expect(left.map((r) => r.id).sort()).toEqual([recent, live].sort());
    expect(left.map((r) => r.id)).not.toContain(old);
  });
});
