import type { Client } from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
import { genericPlanAccesses, planChoices, startYoungTenantDatabase, YoungTenantDatabase, YoungTenantOptions, youngTenantIds } from '@sesame/testing';
import { CONSUME_BY_ID_SQL, CONSUME_SQL } from './link-consume.repository';
import { CREATE_SQL } from './link-create.repository';

/**
 * The hot statements are prepared, and after five runs Postgres keeps one generic plan for them,
 * made from whatever statistics the tables had then. A tenant's first thousands of links are
 * created before autovacuum analyses anything, so each of these plans must reach its rows through
 * a unique index whatever the estimates: a plan that starts from the tenant reads all its rows on
 * every call (a consume once read 30,000 buffers at 10,000 links, and verifies fell to 90/s). Two
 * states of those statistics: never analysed, and analysed while each tenant had one row (every
 * tenant_id then looks unique, which made the mail-worker's claim join a tenant's users to its links).
 */
const STATES: [string, YoungTenantOptions][] = [
  ['never analysed', {}],
  ['analysed at one row per tenant', { analysedEarly: true }],
];

describe.each(STATES)('generic plans of the link statements, statistics %s (integration)', (_label, opts) => {
  let young: YoungTenantDatabase;
  let client: Client;

  beforeAll(async () => {
    young = await startYoungTenantDatabase(opts.analysedEarly ? 'genericplanearly' : 'genericplan', 2000, opts);
    client = young.client;
  }, 30_000);

  afterAll(() => young?.stop());

  const linkAccesses = async (sql: string) => (await genericPlanAccesses(client, sql)).filter((a) => a.relation === 'magic_links');

  it('consumes by token hash through the unique index of token hashes, and reads no other way into the links', async () => {
    const accesses = await linkAccesses(CONSUME_SQL);
    expect(accesses.length).toBeGreaterThan(0);
    expect(accesses.filter((a) => a.index !== 'uq_magic_links_token_hash' && !a.index?.startsWith('PK_'))).toEqual([]);
    expect(accesses.map((a) => a.index)).toContain('uq_magic_links_token_hash');
  });

  it('consumes by id through the primary key', async () => {
    const accesses = await linkAccesses(CONSUME_BY_ID_SQL);
    expect(accesses.length).toBeGreaterThan(0);
    expect(accesses.filter((a) => !a.index?.startsWith('PK_'))).toEqual([]);
  });

  it('reads no table of the tenant in full to create a link', async () => {
    const scans = (await genericPlanAccesses(client, CREATE_SQL)).filter((a) => a.nodeType === 'Seq Scan' && ['users', 'magic_links', 'mail_deliveries'].includes(a.relation));
    expect(scans).toEqual([]);
  });

  /**
   * A generic plan is only used if Postgres chooses it: after five custom plans it keeps the generic
   * one when that costs no more than they did, and otherwise plans every execution again.
   */
  describe('are planned once per connection, not on every call', () => {
    const consumeValues = (selector: unknown) => [selector, youngTenantIds.tenant, '127.0.0.1', 'ua', '127.0.0.1', 'ua', null, 'api', null, 600, null, 'approved', false, null];

    it('consume by token hash (several peppers\' candidates)', async () => {
      expect(await planChoices(client, CONSUME_SQL, consumeValues([randomBytes(32), randomBytes(32)]))).toEqual({ generic: 5, custom: 5 });
    });

    it('consume by id', async () => {
      expect(await planChoices(client, CONSUME_BY_ID_SQL, consumeValues(youngTenantIds.link(1)))).toEqual({ generic: 5, custom: 5 });
    });

    it('create', async () => {
      const values = [youngTenantIds.tenant, 'plan@example.test', randomUUID(), null, randomUUID(), 'login', randomBytes(32), null, null, null, '127.0.0.1', 'ua',
        null, null, null, 600, null, null, null, true, null, null, 'email', null, null, null, null];
      expect(await planChoices(client, CREATE_SQL, values)).toEqual({ generic: 5, custom: 5 });
    });
  });
});
