import type { RedisConnection } from './redis';

/**
 * Scores are expiry times on Redis's clock (TIME), never a replica's: clocks of the hosts may
 * disagree by more than the TTL. The key itself expires with its longest-lived member, so a
 * prefix whose consumers are all gone leaves nothing behind.
 */
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1`;

const COUNT_LIVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], now + 1, '+inf')`;

export interface ConsumerHeartbeatOptions {
  /** Sorted set of the consumers of one stream or queue (member: consumer name). */
  key: string;
  consumer: string;
  /**
   * How long an entry counts without a refresh (default 3000): a consumer killed without notice
   * drops out after it. It is refreshed every third of this, so one late refresh is tolerated.
   */
  ttlMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * A consumer's "I am reading" mark, for producers that must not report ready while nobody reads
 * (a request nobody reads waits out its whole deadline). TTL-based, so a consumer that is
 * SIGKILLed, frozen or cut off from Redis drops out by itself; a clean stop leaves at once.
 */
export class ConsumerHeartbeat {
  private readonly intervalMs: number;
  private readonly ttlMs: number;
  private timer?: NodeJS.Timeout;
  private beating?: Promise<void>;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: ConsumerHeartbeatOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 3000;
    this.intervalMs = Math.max(1, Math.floor(this.ttlMs / 3));
  }

  /** Beats once (so the consumer counts as soon as this resolves), then every ttlMs / 3. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      // While Redis is unreachable commands queue up; one outstanding beat is enough.
      if (!this.beating) this.beat().catch((err: unknown) => this.options.onError?.(err));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.beating?.catch(() => undefined);
    await this.redis.zrem(this.options.key, this.options.consumer);
  }

  private beat(): Promise<void> {
    this.beating = this.redis
      .eval(BEAT, 1, this.options.key, this.options.consumer, this.ttlMs)
      .then(() => undefined)
      .finally(() => (this.beating = undefined));
    return this.beating;
  }
}

/** How many consumers under `key` beat within their TTL. */
export async function countLiveConsumers(redis: RedisConnection, key: string): Promise<number> {
  return Number(await redis.eval(COUNT_LIVE, 1, key));
}
