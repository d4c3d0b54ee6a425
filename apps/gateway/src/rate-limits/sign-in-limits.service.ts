import { Inject, Injectable } from '@nestjs/common';
import { TokenHasher } from '@sesame/crypto';
import { defaultRateLimits, RateLimitsPolicy, SesameError } from '@sesame/domain';
import { Counter, RateLimiter } from './rate-limiter.service';

/** The limits of the sign-in flow, keyed as the policy describes them. */
@Injectable()
export class SignInLimits {
  constructor(
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
  ) {}

  /**
   * A link request on the public endpoint: per IP (for this tenant), per tenant, then per email.
   * The email is counted before anyone looks it up, so known and unknown addresses meet the same limits.
   */
  async linkRequest(limits: RateLimitsPolicy, tenantId: string, ip: string, email: string): Promise<void> {
    const emailKey = this.emailKey(tenantId, email);
    await this.limiter.consume(
      ['ip_public', limits.ip_public, `${tenantId}:${ip}`],
      ['tenant', limits.tenant, tenantId],
      ['email_per_minute', limits.email_per_minute, emailKey],
      ['email_per_hour', limits.email_per_hour, emailKey],
    );
  }

  /** Any other call of a public endpoint from this IP. */
  async publicCall(limits: RateLimitsPolicy, tenantId: string, ip: string): Promise<void> {
    await this.limiter.consume(['ip_public', limits.ip_public, `${tenantId}:${ip}`]);
  }

  /** Link creation through the API (`points: 0`, the default, skips the check and its Redis call). */
  async apiCreate(limits: RateLimitsPolicy, tenantId: string, apiKeyId: string): Promise<void> {
    await this.limiter.consume(['tenant', limits.tenant, tenantId], ['api_key', limits.api_key, apiKeyId]);
  }

  /** Before a verification: an IP over its failures is locked out, even with a valid link; so is a link over its own. */
  async assertMayVerify(ip: string, linkKey: string | null, limits: RateLimitsPolicy = defaultRateLimits()): Promise<void> {
    await this.limiter.assertUnder('failed_per_ip', limits.failed_per_ip, ip);
    if (linkKey) await this.limiter.assertUnder('failed_per_link', limits.failed_per_link, linkKey);
  }

  /** Counts a failed verification against the IP and the link; never throws a 429 itself. */
  async recordFailure(ip: string, linkKey: string | null, limits: RateLimitsPolicy = defaultRateLimits()): Promise<void> {
    const count = async (f: () => Promise<void>) => {
      try {
        await f();
      } catch (err) {
        if (!(err instanceof SesameError) || err.code !== 'rate_limited') throw err;
      }
    };
    await count(() => this.limiter.consume(['failed_per_ip', limits.failed_per_ip, ip]));
    if (linkKey) await count(() => this.limiter.consume(['failed_per_link', limits.failed_per_link, linkKey]));
  }

  /** Current counters for an address and/or an IP, for GET /v1/rate-limits. */
  async counters(limits: RateLimitsPolicy, tenantId: string, q: { email?: string; ip?: string }): Promise<Counter[]> {
    const out: Counter[] = [];
    if (q.email) {
      const key = this.emailKey(tenantId, q.email);
      out.push(await this.limiter.peek('email_per_minute', limits.email_per_minute, key));
      out.push(await this.limiter.peek('email_per_hour', limits.email_per_hour, key));
    }
    if (q.ip) {
      out.push(await this.limiter.peek('ip_public', limits.ip_public, `${tenantId}:${q.ip}`));
      out.push(await this.limiter.peek('failed_per_ip', limits.failed_per_ip, q.ip));
    }
    return out;
  }

  /**
   * The failed_per_link key of password attempts on one account (the hosted two-step sign-in):
   * wrong passwords for an address are counted and locked out like wrong codes for a link.
   */
  accountKey(tenantId: string, email: string): string {
    return `a:${this.emailKey(tenantId, email)}`;
  }

  /** Redis keys hold a keyed hash of the address, never the address. */
  private emailKey(tenantId: string, email: string): string {
    return this.hasher.hash(`rl-email:${tenantId}:${email.trim().toLowerCase()}`).toString('base64url');
  }
}

/** The failed_per_link key of a token or request, without the secret itself. */
export function linkKeyOfToken(hasher: TokenHasher, token: string): string {
  return `t:${hasher.hash(`rl-link:${token}`).toString('base64url')}`;
}
export const linkKeyOfRequest = (requestId: string) => `r:${requestId}`;
