import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

/**
 * A counting semaphore per webhook endpoint in Redis, shared by every dispatcher replica: at most
 * `limit` attempts to one endpoint are in flight, so a slow receiver holds a few worker slots and
 * never all of them. A holder that dies frees its slot when its lease expires (`ttlMs`, longer
 * than any attempt). Server time (TIME) is used, so replicas' clocks do not matter.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

type LeaseRedis = Redis & { webhookLeaseAcquire(key: string, limit: number, ttlMs: number, member: string): Promise<number> };

export class EndpointLeases {
  private readonly redis: LeaseRedis;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    private readonly limit: number,
    private readonly ttlMs: number,
  ) {
    if (!('webhookLeaseAcquire' in redis)) redis.defineCommand('webhookLeaseAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    this.redis = redis as LeaseRedis;
  }

  /** A release function when a slot was free, null when the endpoint is at its limit. */
  async tryAcquire(endpointId: string): Promise<(() => Promise<void>) | null> {
    const key = `${this.keyPrefix}:wh-lease:${endpointId}`;
    const member = randomBytes(9).toString('base64url');
    const got = await this.redis.webhookLeaseAcquire(key, this.limit, this.ttlMs, member);
    if (got !== 1) return null;
    return async () => {
      await this.redis.zrem(key, member);
    };
  }
}
