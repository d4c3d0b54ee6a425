import type { Client } from 'pg';
import { planAccesses, startYoungTenantDatabase, YoungTenantDatabase, YoungTenantOptions, youngTenantIds } from '@sesame/testing';
import { CLAIM_SQL, HOLDS_SQL, MARK_SENT_SQL } from './delivery.repository';

/**
 * The batch statements of every send are planned at each execution, with the batch's arrays in
 * hand. At a size where it matters (20,000 rows of a young tenant), each must reach the deliveries,
 * links and users of a batch of 32 through their primary keys: not a hash join over a whole table,
 * nor the tenant's index, whose estimate lagging statistics make look small. Two states of those
 * statistics: never analysed, and analysed while each tenant had one row (every tenant_id then
 * looks unique; the fault suite met it, every claim joining all the tenant's users to all its
 * links, 2-20 s per batch).
 */
const STATES: [string, YoungTenantOptions][] = [
  ['never analysed', { deliveries: true }],
  ['analysed at one row per tenant', { deliveries: true, analysedEarly: true }],
];

describe.each(STATES)('plans of the batched send statements, statistics %s (integration)', (label, opts) => {
  let young: YoungTenantDatabase;
  let client: Client;

  beforeAll(async () => {
    young = await startYoungTenantDatabase(opts.analysedEarly ? 'mailplanearly' : 'mailplan', 20_000, opts);
    client = young.client;
  }, 30_000);

  afterAll(() => young?.stop());

  const tenant = youngTenantIds.tenant;
  const batch = Array.from({ length: 32 }, (_, i) => youngTenantIds.delivery(i * 601 + 1));
  const each = <T>(v: T) => batch.map(() => v);
  const batches: [string, string, unknown[]][] = [
    ['claim', CLAIM_SQL, [batch, each(tenant), batch.map((_, i) => `ob-${i}`), each(1), 'host:1', 120_000]],
    ['holds', HOLDS_SQL, [batch, each(tenant), each(1)]],
    ['mark sent', MARK_SENT_SQL, [batch, each(tenant), each('sendgrid'), each('m'), each('magiclink.email.sent'), each('{}'), each('{}')]],
  ];

  it.each(batches)(`%s reads deliveries, links and users by primary key only (${label})`, async (_name, sql, values) => {
    const accesses = (await planAccesses(client, sql, values)).filter((a) => ['mail_deliveries', 'magic_links', 'users'].includes(a.relation));
    expect(accesses.length).toBeGreaterThan(0);
    expect(accesses.filter((a) => !a.index?.startsWith('PK_') && a.nodeType !== 'Tid Scan')).toEqual([]);
  });
});
