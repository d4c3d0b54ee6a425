import { startStack, Stack } from '@sesame/testing';
import { createLink, createTenant, Tenant, tokenOfUrl } from './support/fixtures';

jest.setTimeout(120_000);

const CONSUMERS = 16;

/** Single use under contention: of 16 simultaneous verifications of one token exactly one wins. */
describe('single-use race', () => {
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    stack = await startStack({ label: 'race' });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each([1, 2, 3])(`link %i: ${CONSUMERS} concurrent authenticate calls, one 200 and ${CONSUMERS - 1} × 401 used`, async (n) => {
    const link = await createLink(stack, tenant.api_key, { email: `racer${n}@example.com`, send: false, context_data: { n: String(n) } });
    const token = tokenOfUrl(link.url, stack.baseUrl);

    const results = await Promise.all(
      Array.from({ length: CONSUMERS }, () => stack.api('/v1/magic-links/authenticate', { key: tenant.api_key, body: { token } })),
    );

    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status !== 200);
    expect(winners).toHaveLength(1);
    expect(winners[0].body).toEqual(expect.objectContaining({ link_id: link.id, user: expect.objectContaining({ email: `racer${n}@example.com` }) }));
    expect(losers.map((r) => `${r.status} ${r.body?.error?.code}`)).toEqual(Array(CONSUMERS - 1).fill('401 used'));

    const { rows } = await stack.db.pool.query('SELECT consumed_at FROM magic_links WHERE id = $1', [link.id]);
    expect(rows[0].consumed_at).not.toBeNull();
    const audit = await stack.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1 AND action = 'magiclink.consumed'`, [link.id]);
    expect(audit.rows[0].n).toBe(1);
  });
});
