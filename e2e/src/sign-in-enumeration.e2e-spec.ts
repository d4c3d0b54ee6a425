import { performance } from 'node:perf_hooks';
import { startStack, Stack } from '@sesame/testing';
import { createTenant, expectStatus, Tenant } from './support/fixtures';
import { patchPolicy } from './support/sign-in';

jest.setTimeout(300_000);

const PER_ADDRESS = 200;
/** Of the 200 requests per address, the last 50 are over the per-address limit (429). */
const ADDRESS_LIMIT = 150;
const ROUNDS = 3;

interface Sample {
  status: number;
  body: string;
  headers: string;
  ms: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};

/**
 * The public endpoint must not tell a known address from an unknown one: same statuses, bodies and
 * headers (ids, dates and the Retry-After count aside), and the same response time.
 */
describe('public sign-in: no account enumeration', () => {
  let stack: Stack;
  let tenant: Tenant;
  const url = () => `/v1/public/${tenant.slug}/magic-links`;

  beforeAll(async () => {
    stack = await startStack({ label: 'enumeration', env: { TRUST_PROXY: 'loopback' } });
    tenant = await createTenant(stack, `Enumeration ${Date.now()}`);
    await patchPolicy(stack, tenant, {
      users: { unknown_email: 'refuse' },
      rate_limits: {
        ip_public: { points: 100_000 },
        email_per_minute: { points: ADDRESS_LIMIT, window_seconds: 3600 },
        email_per_hour: { points: ADDRESS_LIMIT, window_seconds: 3600 },
      },
    });
    for (let r = 0; r < ROUNDS; r++) {
      expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: `known-${r}@example.com` } }), 201, 'POST /v1/users');
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function send(email: string): Promise<Sample> {
    const t0 = performance.now();
    const res = await fetch(stack.baseUrl + url(), {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.200' }, body: JSON.stringify({ email }),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    const headers = [...res.headers.entries()]
      .filter(([k]) => !['date', 'x-request-id'].includes(k))
      .map(([k, v]) => (k === 'retry-after' || (k === 'content-length' && res.status === 429) ? `${k}: <n>` : `${k}: ${v}`))
      .sort().join('\n');
    const body = text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replace(/"match_code":"[A-Z0-9-]+"/, '"match_code":"<match>"')
      .replace(/\d+/g, '<n>');
    return { status: res.status, body, headers, ms };
  }

  /** 200 each, interleaved ABBA so drift and background work hit both alike. */
  async function round(r: number): Promise<{ known: Sample[]; unknown: Sample[] }> {
    for (let i = 0; i < 30; i++) await send(`warm-up-${r}-${i}@example.com`);
    const known: Sample[] = [];
    const unknown: Sample[] = [];
    for (let i = 0; i < PER_ADDRESS; i++) {
      if (i % 2 === 0) {
        known.push(await send(`known-${r}@example.com`));
        unknown.push(await send(`unknown-${r}@example.com`));
      } else {
        unknown.push(await send(`unknown-${r}@example.com`));
        known.push(await send(`known-${r}@example.com`));
      }
    }
    return { known, unknown };
  }

  it('answers a known and an unknown address identically, rate-limited requests included, in the same median time', async () => {
    const medians: string[] = [];
    let timingOk = false;
    for (let r = 0; r < ROUNDS && !timingOk; r++) {
      const { known, unknown } = await round(r);
      expect(known.map((s) => s.status)).toEqual(unknown.map((s) => s.status));
      expect(known.filter((s) => s.status === 202)).toHaveLength(ADDRESS_LIMIT);
      expect(known.filter((s) => s.status === 429)).toHaveLength(PER_ADDRESS - ADDRESS_LIMIT);
      expect(known.map((s) => s.body)).toEqual(unknown.map((s) => s.body));
      expect(known.map((s) => s.headers)).toEqual(unknown.map((s) => s.headers));
      expect(known.find((s) => s.status === 429)?.headers).toContain('retry-after: <n>');

      const mk = median(known.map((s) => s.ms));
      const mu = median(unknown.map((s) => s.ms));
      medians.push(`round ${r + 1}: known ${mk.toFixed(3)} ms, unknown ${mu.toFixed(3)} ms`);
      timingOk = Math.abs(mk - mu) / Math.min(mk, mu) <= 0.1;
    }
    console.log(`[enumeration] median response times: ${medians.join('; ')}`);
    expect({ timingOk, medians }).toEqual({ timingOk: true, medians });

    // And the known address really got its emails, the unknown one none.
    await new Promise((r) => setTimeout(r, 1000));
    const to = (s: string) => stack.sendgrid.requests.filter((q) => JSON.stringify(q.body).includes(s)).length;
    expect(to('known-0@example.com')).toBeGreaterThan(0);
    expect(to('unknown-0@example.com')).toBe(0);
  });
});
