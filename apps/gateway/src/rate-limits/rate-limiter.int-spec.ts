import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { GatewayConfig, loadConfig } from '@sesame/config';
import { defaultRateLimits, SesameError } from '@sesame/domain';
import { createRedis } from '@sesame/messaging';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '@sesame/testing/redis';
import { RateLimiter } from './rate-limiter.service';

/** The sliding-window limiter against the real Redis. */
describe('RateLimiter (real Redis)', () => {
  const prefix = uniqueRedisPrefix('rate-limits');
  let redis: Redis;
  let limiter: RateLimiter;
  const registry = new Registry();
  const config = () => loadConfig(GatewayConfig, { SESAME_ROOT_API_KEY: 'r'.repeat(40), TOKEN_PEPPER: `k1:${'p'.repeat(40)}`, REDIS_PREFIX: prefix });

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
    limiter = new RateLimiter(config(), redis, registry);
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

  it("on by default, the tenant's budget lets 12,000 link requests a minute through and refuses the next", async () => {
    const rule = defaultRateLimits().tenant;
    expect(rule).toEqual({ points: 12_000, window_seconds: 60 });
    for (let i = 0; i < rule.points; i += 1000) await Promise.all(Array.from({ length: 1000 }, () => limiter.consume(['tenant', rule, 'busy'])));
    const err = await refusal(limiter.consume(['tenant', rule, 'busy']));
    expect(err?.code).toBe('rate_limited');
    expect(err?.details?.retry_after).toBeLessThanOrEqual(60);
    expect(await limiter.peek('tenant', rule, 'busy')).toMatchObject({ count: 12_000, limit: 12_000 });
  });

  describe('while Redis is down', () => {
    it('refuses at once with service_unavailable, not after the next reconnect attempt', async () => {
      // Nothing listens on port 1: every connection attempt is refused, as with a Redis that is stopped.
      const down = createRedis('redis://127.0.0.1:1', { name: 'rate-limits-down', maxRetriesPerRequest: 1, onError: () => undefined });
      const offline = new RateLimiter(config(), down, new Registry());
      try {
        // Past the first attempts: reconnects are now hundreds of ms apart.
        await new Promise((r) => setTimeout(r, 1500));
        for (const call of [() => offline.consume(['tenant', defaultRateLimits().tenant, 't']), () => offline.peek('tenant', defaultRateLimits().tenant, 't')]) {
          const started = Date.now();
          expect((await refusal(call()))?.code).toBe('service_unavailable');
          expect(Date.now() - started).toBeLessThan(100);
        }
      } finally {
        down.disconnect();
      }
    });

    it('waits for a connection that is still being made (a gateway that has just started)', async () => {
      const starting = createRedis(TEST_REDIS_URL, { name: 'rate-limits-starting', maxRetriesPerRequest: 1 });
      const fresh = new RateLimiter(config(), starting, new Registry());
      try {
        expect(starting.status).not.toBe('ready');
        await fresh.consume(['tenant', { points: 5, window_seconds: 60 }, 'starting']);
        expect(await fresh.peek('tenant', { points: 5, window_seconds: 60 }, 'starting')).toMatchObject({ count: 1 });
      } finally {
        starting.disconnect();
      }
    });
  });
});
