import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { GatewayConfig, loadConfig } from '@sesame/config';
import { TokenHasher } from '@sesame/crypto';
import { defaultRateLimits, RateLimitsPolicy, SesameError } from '@sesame/domain';
import type { PublicTenant } from '@sesame/messaging';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '@sesame/testing/redis';
import type { TenantDirectory } from '../public/tenant-directory';
import { RateLimiter } from './rate-limiter.service';
import { tenantSubject, VerificationLockout, VerificationSubject } from './verification-lockout.service';

const limitsWith = (failedPerIp: number, failedPerLink = 1000): RateLimitsPolicy => ({
  ...defaultRateLimits(), failed_per_ip: { points: failedPerIp, window_seconds: 600 }, failed_per_link: { points: failedPerLink, window_seconds: 600 },
});
const tenant = (id: string, limits: RateLimitsPolicy) => ({ id, slug: id, name: id, policy: { rate_limits: limits } }) as unknown as PublicTenant;

/** The failed-verification lockout against the real Redis: keyed per tenant, IP and identifier. */
describe('VerificationLockout (real Redis)', () => {
  const prefix = uniqueRedisPrefix('lockout');
  const A = tenant('tenant-a', limitsWith(3));
  const B = tenant('tenant-b', limitsWith(10));
  let redis: Redis;
  let lockout: VerificationLockout;
  let n = 0;
  const ip = () => `203.0.113.${++n}`;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    const config = loadConfig(GatewayConfig, { SESAME_ROOT_API_KEY: 'r'.repeat(40), TOKEN_PEPPER: `k1:${'p'.repeat(40)}`, REDIS_PREFIX: prefix });
    // The directory is the gateway's 5 s cache of token-service answers; here, the two tenants.
    const directory = { byId: async (id: string) => [A, B].find((t) => t.id === id)! } as unknown as TenantDirectory;
    lockout = new VerificationLockout(new RateLimiter(config, redis, new Registry()), directory, new TokenHasher(config.TOKEN_PEPPER));
  });
  afterAll(async () => {
    await deleteRedisPrefix(prefix);
    redis.disconnect();
  });

  const locked = (s: VerificationSubject) => lockout.assertMayVerify(s).then(() => false, (e: SesameError) => e.code === 'rate_limited');
  const fail = (s: VerificationSubject, code = 'invalid_token') => lockout.attempt(s, () => Promise.reject(new SesameError(code as 'invalid_token', 'no'))).catch((e: SesameError) => e.code);

  it('tenant A (threshold 3) locks the IP for A only; tenant B (threshold 10) users on the same IP are not locked', async () => {
    const from = ip();
    for (let i = 0; i < 3; i++) expect(await fail(tenantSubject(A, from, `t:a-${i}`))).toBe('invalid_token');
    expect(await locked(tenantSubject(A, from, 't:fresh'))).toBe(true);
    expect(await fail(tenantSubject(A, from, 't:fresh'))).toBe('rate_limited');
    expect(await locked(tenantSubject(B, from, 't:b-user'))).toBe(false);
    await expect(lockout.attempt(tenantSubject(B, from, 't:b-user'), async () => 'signed in')).resolves.toBe('signed in');
    // B counts on its own threshold: 9 failures still pass, the 10th locks.
    for (let i = 0; i < 9; i++) await fail(tenantSubject(B, from, `t:b-${i}`));
    expect(await locked(tenantSubject(B, from, 't:b-user'))).toBe(false);
    await fail(tenantSubject(B, from, 't:b-9'));
    expect(await locked(tenantSubject(B, from, 't:b-user'))).toBe(true);
  });

  it('a locked subject is refused before the verification runs', async () => {
    const from = ip();
    for (let i = 0; i < 3; i++) await fail(tenantSubject(A, from, null));
    let ran = false;
    const err = await lockout.attempt(tenantSubject(A, from, null), async () => (ran = true)).catch((e: SesameError) => e);
    expect(err).toMatchObject({ code: 'rate_limited', details: { retry_after: expect.any(Number) } });
    expect(ran).toBe(false);
  });

  it('counts only failures of the secret, not expired or used links', async () => {
    const from = ip();
    for (let i = 0; i < 5; i++) expect(await fail(tenantSubject(A, from, null), 'expired')).toBe('expired');
    expect(await locked(tenantSubject(A, from, null))).toBe(false);
    for (const code of ['invalid_code', 'binding_mismatch', 'invalid_credentials']) await fail(tenantSubject(A, from, null), code);
    expect(await locked(tenantSubject(A, from, null))).toBe(true);
  });

  it('locks an identifier (link, request, account) per tenant, from any IP', async () => {
    const strict = tenant('tenant-a', limitsWith(1000, 2));
    const id = lockout.ofAccount('Person@Example.com');
    await fail(tenantSubject(strict, ip(), id));
    await fail(tenantSubject(strict, ip(), lockout.ofAccount(' person@example.com')));
    expect(await locked(tenantSubject(strict, ip(), id))).toBe(true);
    expect(await locked(tenantSubject(tenant('tenant-b', limitsWith(1000, 2)), ip(), id))).toBe(false);
    expect(await locked(tenantSubject(A, ip(), lockout.ofAccount('other@example.com')))).toBe(false);
  });

  it('secrets that match no tenant count in their own bucket at the default threshold, checked on every tenant', async () => {
    const from = ip();
    const unattributed = { tenant: null, ip: from, identifier: null };
    for (let i = 0; i < 99; i++) await fail(unattributed);
    expect(await locked(tenantSubject(A, from, null))).toBe(false); // A's threshold of 3 is not what decides
    await fail(unattributed);
    expect(await locked(tenantSubject(A, from, null))).toBe(true);
    expect(await locked(tenantSubject(B, from, null))).toBe(true);
    expect(await lockout.ipCounters(A.id, A.policy.rate_limits, from)).toEqual([
      expect.objectContaining({ rule: 'failed_per_ip', count: 0, limit: 3 }),
      expect.objectContaining({ rule: 'failed_per_ip', count: 100, limit: 100, scope: 'unattributed' }),
    ]);
  });

  it('an API verification takes the tenant from the key and the IP the integrator passes', async () => {
    const from = ip();
    for (let i = 0; i < 3; i++) {
      await lockout.attemptForTenant(A.id, from, lockout.ofSecret(`bad-${i}`), () => Promise.reject(new SesameError('invalid_token', 'no'))).catch(() => undefined);
    }
    expect(await locked(tenantSubject(A, from, null))).toBe(true);
    // Without an end-user IP only the identifier counts: the integrator's server is never locked out.
    await expect(lockout.attemptForTenant(A.id, null, lockout.ofSecret('good'), async () => 'ok')).resolves.toBe('ok');
  });
});
