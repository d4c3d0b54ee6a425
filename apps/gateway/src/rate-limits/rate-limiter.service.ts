import { Inject, Injectable } from '@nestjs/common';
import type { Counter as PromCounter, Registry } from 'prom-client';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayConfig } from '@sesame/config';
import { RateLimitRule, RateLimitRuleName, SesameError } from '@sesame/domain';
import { CONFIG, counter, METRICS } from '@sesame/observability';
import { RATE_LIMIT_REDIS } from './rate-limit.redis';
import { SLIDING_WINDOW_CONSUME_LUA, SLIDING_WINDOW_PEEK_LUA } from './sliding-window.scripts';
import { RedisConnection, RedisReadyGate } from '@sesame/messaging';

export interface Counter {
  rule: RateLimitRuleName;
  count: number;
  limit: number;
  window_seconds: number;
  /** Seconds until the oldest counted event leaves the window (0 when none is counted). */
  resets_in_seconds: number;
  /** `unattributed`: failures with secrets that matched no tenant, counted under the default limit. */
  scope?: 'unattributed';
}

/** One check: a rule of the tenant's policy and what it counts (an IP, an email hash, a tenant id…). */
export type Check = [RateLimitRuleName, RateLimitRule, string];

/** Sliding-window counters in Redis (rate-limiter-flexible with a sliding-log script). */
@Injectable()
export class RateLimiter {
  private readonly limiters = new Map<string, RateLimiterRedis>();
  private readonly prefix: string;
  /** Requests answered 429, by the rule that refused them. */
  private readonly refusals: PromCounter<string>;
  private readonly gate: RedisReadyGate;

  constructor(
    @Inject(CONFIG) config: GatewayConfig,
    @Inject(RATE_LIMIT_REDIS) private readonly redis: RedisConnection,
    @Inject(METRICS) registry: Registry,
  ) {
    this.prefix = `${config.REDIS_PREFIX}:rl`;
    this.gate = new RedisReadyGate(redis);
    this.refusals = counter(registry, 'sesame_rate_limit_refusals_total', 'Requests refused with 429 rate_limited, by rate-limit rule', ['limit']);
  }

  /**
   * Counts one event against each check in order and stops at the first that is over its limit:
   * `429 rate_limited` with `details.retry_after` (seconds), sent as the Retry-After header.
   * A rule with `points: 0` is switched off.
   */
  async consume(...checks: Check[]): Promise<void> {
    for (const [name, rule, key] of checks) {
      const waitMs = await this.countOne(name, rule, key);
      if (waitMs !== null) throw this.refuse(name, waitMs / 1000);
    }
  }

  /**
   * Counts one event against a rule without refusing anything (a failure to remember for the
   * next attempt); returns whether the rule is now over its limit.
   */
  async count([name, rule, key]: Check): Promise<boolean> {
    return (await this.countOne(name, rule, key)) !== null;
  }

  /** Counts one event; the ms until the window has room again when it is over, else null. */
  private async countOne(name: RateLimitRuleName, rule: RateLimitRule, key: string): Promise<number | null> {
    if (rule.points === 0) return null;
    try {
      // While Redis is down the connection would hold the command until it reconnects: refuse now.
      await this.gate.pass();
      await this.limiter(name, rule).consume(key, 1);
      return null;
    } catch (err) {
      if (err instanceof RateLimiterRes) return err.msBeforeNext;
      throw new SesameError('service_unavailable', 'Rate limits cannot be checked right now');
    }
  }

  private refuse(name: RateLimitRuleName, retryAfterSeconds: number): SesameError {
    this.refusals.inc({ limit: name });
    return tooMany(Math.ceil(retryAfterSeconds));
  }

  /** Refuses (429) when the rule's window is already full, without counting anything. */
  async assertUnder(name: RateLimitRuleName, rule: RateLimitRule, key: string): Promise<void> {
    const c = await this.peek(name, rule, key);
    if (rule.points > 0 && c.count >= rule.points) throw this.refuse(name, c.resets_in_seconds);
  }

  async peek(name: RateLimitRuleName, rule: RateLimitRule, key: string): Promise<Counter> {
    let result: [number, number];
    try {
      await this.gate.pass();
      result = (await this.redis.eval(SLIDING_WINDOW_PEEK_LUA, 1, this.keyOf(name, key), String(rule.window_seconds))) as [number, number];
    } catch {
      throw new SesameError('service_unavailable', 'Rate limits cannot be read right now');
    }
    return { rule: name, count: Number(result[0]), limit: rule.points, window_seconds: rule.window_seconds, resets_in_seconds: Math.ceil(Number(result[1]) / 1000) };
  }

  private keyOf(name: RateLimitRuleName, key: string): string {
    return `${this.prefix}:${name}:${key}`;
  }

  /** One limiter per rule shape; the key prefix is the rule's, so a changed limit keeps its counts. */
  private limiter(name: RateLimitRuleName, rule: RateLimitRule): RateLimiterRedis {
    const id = `${name}:${rule.points}:${rule.window_seconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${this.prefix}:${name}`,
        points: rule.points,
        duration: rule.window_seconds,
        customIncrTtlLuaScript: SLIDING_WINDOW_CONSUME_LUA,
      });
      if (this.limiters.size > 1000) this.limiters.clear();
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

export function tooMany(retryAfterSeconds: number): SesameError {
  const seconds = Math.max(1, retryAfterSeconds);
  return new SesameError('rate_limited', `Too many requests; try again in ${seconds} s`, { retry_after: seconds });
}
