import { Inject, Injectable } from '@nestjs/common';
import { defaultRateLimits, RateLimitsPolicy, SesameError } from '@sesame/domain';
import { TokenHasher } from '@sesame/crypto';
import { TenantDirectory } from '../public/tenant-directory';
import { Counter, RateLimiter } from './rate-limiter.service';

/** Failures of a presented secret (token, code, verifier, binding, password) that count towards the lockout. */
export const COUNTED_FAILURES: ReadonlySet<string> = new Set(['invalid_token', 'invalid_code', 'binding_mismatch', 'invalid_credentials']);

/** Whose secret is being checked, from where. */
export interface VerificationSubject {
  /**
   * The tenant whose policy sets the thresholds. Null only when the secret matches nothing, so no
   * tenant can be named (a hosted link token that is no link's): those count in a bucket of their
   * own with the service's default thresholds, which no tenant's policy changes.
   */
  tenant: { id: string; limits: RateLimitsPolicy } | null;
  /**
   * The end user's IP. On the API it is the `ip_address` the integrator passes, or null: the
   * caller's own address is the integrator's server, and locking it would lock out all its users.
   */
  ip: string | null;
  /** The link, request, code, grant or account the secret belongs to (never the secret itself). */
  identifier: string | null;
}

/** The subject of a verification for a tenant that is known. */
export function tenantSubject(tenant: { id: string; policy: { rate_limits: RateLimitsPolicy } }, ip: string | null, identifier: string | null): VerificationSubject {
  return { tenant: { id: tenant.id, limits: tenant.policy.rate_limits }, ip, identifier };
}

/**
 * The failed-verification lockout, for every path that checks a token, code or password. Counters
 * are keyed by tenant and IP and by tenant and identifier, so tenant A's low threshold never locks
 * tenant B's users out, whatever IP they share. The unattributed per-IP bucket (secrets that match
 * no tenant) is checked on every path, with the default threshold: guessing random tokens still
 * locks an IP out everywhere, but no tenant's policy decides when.
 */
@Injectable()
export class VerificationLockout {
  constructor(
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
  ) {}

  /** An API verification: the tenant is the API key's, the IP the end user's as the integrator reports it. */
  async attemptForTenant<T>(tenantId: string, ip: string | null | undefined, identifier: string, verify: () => Promise<T>): Promise<T> {
    return this.attempt(tenantSubject(await this.tenants.byId(tenantId), ip ?? null, identifier), verify);
  }

  /** The identifier of a presented secret (link token, exchange code, reset grant), without the secret. */
  ofSecret(secret: string): string {
    return `t:${this.hasher.hash(`rl-link:${secret}`).toString('base64url')}`;
  }

  /** The identifier of an account whose password is checked. */
  ofAccount(email: string): string {
    return `a:${this.hasher.hash(`rl-account:${email.trim().toLowerCase()}`).toString('base64url')}`;
  }

  /** Checks the lockout, runs the verification, and counts it when it fails on the secret. */
  async attempt<T>(subject: VerificationSubject, verify: () => Promise<T>): Promise<T> {
    await this.assertMayVerify(subject);
    try {
      return await verify();
    } catch (err) {
      if (err instanceof SesameError && COUNTED_FAILURES.has(err.code)) await this.recordFailure(subject);
      throw err;
    }
  }

  /** 429 `rate_limited` (with retry_after) when the IP or the identifier is locked out; counts nothing. */
  async assertMayVerify(subject: VerificationSubject): Promise<void> {
    // Side by side, so the auto-pipelined Redis connection sends them as one round trip.
    await Promise.all(this.keys(subject, 'check').map(([rule, key]) => this.limiter.assertUnder(rule.name, rule.rule, key)));
  }

  /** Counts one failure; never throws a 429 itself (the next attempt is refused instead). */
  async recordFailure(subject: VerificationSubject): Promise<void> {
    for (const [rule, key] of this.keys(subject, 'count')) await this.limiter.count([rule.name, rule.rule, key]);
  }

  /** The failed_per_ip counters of an IP for GET /v1/rate-limits: the tenant's own and the unattributed one. */
  async ipCounters(tenantId: string, limits: RateLimitsPolicy, ip: string): Promise<Counter[]> {
    return [
      await this.limiter.peek('failed_per_ip', limits.failed_per_ip, `${tenantId}:${ip}`),
      { ...(await this.limiter.peek('failed_per_ip', defaultRateLimits().failed_per_ip, unattributedKey(ip))), scope: 'unattributed' },
    ];
  }

  private keys(s: VerificationSubject, use: 'check' | 'count') {
    const limits = s.tenant?.limits ?? defaultRateLimits();
    const owner = s.tenant?.id ?? '-';
    const perIp = { name: 'failed_per_ip' as const, rule: limits.failed_per_ip };
    const perLink = { name: 'failed_per_link' as const, rule: limits.failed_per_link };
    const keys: [typeof perIp | typeof perLink, string][] = [];
    if (s.ip) keys.push([perIp, `${owner}:${s.ip}`]);
    if (s.ip && s.tenant && use === 'check') keys.push([{ ...perIp, rule: defaultRateLimits().failed_per_ip }, unattributedKey(s.ip)]);
    if (s.identifier) keys.push([perLink, `${owner}:${s.identifier}`]);
    return keys;
  }
}

const unattributedKey = (ip: string) => `-:${ip}`;
/** The identifier of a public sign-in request (its id is not a secret). */
export const identifierOfRequest = (requestId: string) => `r:${requestId}`;
