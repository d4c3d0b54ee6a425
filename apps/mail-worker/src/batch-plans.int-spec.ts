import { Client } from 'pg';
import { createTestDatabase, planAccesses, TestDatabase } from '@sesame/testing';
import { CLAIM_SQL, HOLDS_SQL, MARK_SENT_SQL } from './delivery.repository';

/**
 * The batch statements of every send are planned at each execution, with the batch's arrays in
 * hand. At a size where it matters (20,000 rows, a young tenant's tables never analysed), each
 * must reach the deliveries, links and users of a batch of 32 through their primary keys: not a
 * hash join over a whole table, nor the tenant's index, whose estimate the missing statistics
 * make look small.
 */
describe('plans of the batched send statements (integration)', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase('mailplan');
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`ALTER TABLE users SET (autovacuum_enabled = false); ALTER TABLE magic_links SET (autovacuum_enabled = false);
      ALTER TABLE mail_deliveries SET (autovacuum_enabled = false)`);
    await client.query(`INSERT INTO tenants (id, name, slug, policy) VALUES ('00000000-0000-4000-8000-000000000001', 'Plan', 'plan', '{}')`);
    await client.query(`
      INSERT INTO users (id, tenant_id, email)
      SELECT ('00000000-0000-4000-9000-' || lpad(i::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001', 'u' || i || '@example.com'
      FROM generate_series(1, 20000) i;
      INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at)
      SELECT ('00000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001',
             ('00000000-0000-4000-9000-' || lpad(i::text, 12, '0'))::uuid, 'login', sha256(i::text::bytea), now() + interval '10 minutes'
      FROM generate_series(1, 20000) i;
      INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address)
      SELECT ('00000000-0000-4000-b000-' || lpad(i::text, 12, '0'))::uuid, '00000000-0000-4000-8000-000000000001',
             ('00000000-0000-4000-a000-' || lpad(i::text, 12, '0'))::uuid, 'u' || i || '@example.com'
      FROM generate_series(1, 20000) i`);
  }, 30_000);

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-${prefix}-${String(i * 601 + 1).padStart(12, '0')}`);
  const tenant = '00000000-0000-4000-8000-000000000001';
  const batch = ids('b000', 32);
  const each = <T>(v: T) => batch.map(() => v);
  const batches: [string, string, unknown[]][] = [
    ['claim', CLAIM_SQL, [batch, each(tenant), batch.map((_, i) => `ob-${i}`), each(1), 'host:1', 120_000]],
    ['holds', HOLDS_SQL, [batch, each(tenant), each(1)]],
    ['mark sent', MARK_SENT_SQL, [batch, each(tenant), each('sendgrid'), each('m'), each('magiclink.email.sent'), each('{}'), each('{}')]],
  ];

  it.each(batches)('%s reads deliveries, links and users by primary key only', async (_name, sql, values) => {
    const accesses = (await planAccesses(client, sql, values)).filter((a) => ['mail_deliveries', 'magic_links', 'users'].includes(a.relation));
    expect(accesses.length).toBeGreaterThan(0);
    expect(accesses.filter((a) => !a.index?.startsWith('PK_') && a.nodeType !== 'Tid Scan')).toEqual([]);
  });
});
