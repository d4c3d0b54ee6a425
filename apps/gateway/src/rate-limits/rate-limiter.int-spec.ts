import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { GatewayConfig, loadConfig } from '@sesame/config';
import { SesameError } from '@sesame/domain';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '@sesame/testing/redis';
import { RateLimiter } from './rate-limiter.service';

/** The sliding-window limiter against the real Redis. */
describe('RateLimiter (real Redis)', () => {
  const prefix = uniqueRedisPrefix('rate-limits');
  let redis: Redis;
  let limiter: RateLimiter;
  const registry = new Registry();

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    const config = loadConfig(GatewayConfig, { SESAME_ROOT_API_KEY: 'r'.repeat(40), TOKEN_PEPPER: `k1:${'p'.repeat(40)}`, REDIS_PREFIX: prefix });
    limiter = new RateLimiter(config, redis, registry);
  });
  afterAll(async () => {
    await deleteRedisPrefix(prefix);
    redis.disconnect();
  });

  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as SesameError;
    }
    return null;
  };

  it('lets the limit through and answers the next with rate_limited and a retry-after within the window', async () => {
    const rule = { points: 3, window_seconds: 60 };
    for (let i = 0; i < 3; i++) await limiter.consume(['email_per_hour', rule, 'a']);
    const err = await refusal(limiter.consume(['email_per_hour', rule, 'a']));
    expect(err?.code).toBe('rate_limited');
    expect(err?.details?.retry_after).toBeGreaterThan(55);
    expect(err?.details?.retry_after).toBeLessThanOrEqual(60);
    expect(await registry.getSingleMetricAsString('sesame_rate_limit_refusals_total')).toContain('sesame_rate_limit_refusals_total{limit="email_per_hour"} 1');
    // Other keys are unaffected; refused attempts are not counted.
    await limiter.consume(['email_per_hour', rule, 'b']);
    expect(await limiter.peek('email_per_hour', rule, 'a')).toMatchObject({ count: 3, limit: 3 });
  });

  it('slides: an event leaves the window exactly one window after it happened', async () => {
    const rule = { points: 2, window_seconds: 1 };
    await limiter.consume(['ip_public', rule, 'x']);
    await new Promise((r) => setTimeout(r, 600));
    await limiter.consume(['ip_public', rule, 'x']);
    expect((await refusal(limiter.consume(['ip_public', rule, 'x'])))?.code).toBe('rate_limited');
    await new Promise((r) => setTimeout(r, 500)); // the first event (1.1 s ago) has left, the second (0.5 s) has not
    await limiter.consume(['ip_public', rule, 'x']);
    expect((await refusal(limiter.consume(['ip_public', rule, 'x'])))?.code).toBe('rate_limited');
  });

  it('assertUnder refuses a full window without counting, and points 0 switches a rule off', async () => {
    const rule = { points: 1, window_seconds: 60 };
    await limiter.assertUnder('failed_per_ip', rule, 'ip');
    await limiter.consume(['failed_per_ip', rule, 'ip']);
    expect((await refusal(limiter.assertUnder('failed_per_ip', rule, 'ip')))?.code).toBe('rate_limited');
    for (let i = 0; i < 5; i++) await limiter.consume(['tenant', { points: 0, window_seconds: 60 }, 't']);
    expect(await redis.exists(`${prefix}:rl:tenant:t`)).toBe(0);
  });
});
