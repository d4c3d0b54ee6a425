import { Inject, Injectable } from '@nestjs/common';
import { TokenHasher } from '@sesame/crypto';
import { RateLimitsPolicy } from '@sesame/domain';
import { Counter, RateLimiter } from './rate-limiter.service';
import { VerificationLockout } from './verification-lockout.service';

/** The limits of the sign-in flow, keyed as the policy describes them. */
@Injectable()
export class SignInLimits {
  constructor(
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
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

  /**
   * Current counters for GET /v1/rate-limits: the tenant's request budget and the calling key's
   * always, an address's and an IP's when asked.
   */
  async counters(limits: RateLimitsPolicy, tenantId: string, apiKeyId: string | null, q: { email?: string; ip?: string }): Promise<Counter[]> {
    const out: Counter[] = [await this.limiter.peek('tenant', limits.tenant, tenantId)];
    if (apiKeyId) out.push(await this.limiter.peek('api_key', limits.api_key, apiKeyId));
    if (q.email) {
      const key = this.emailKey(tenantId, q.email);
      out.push(await this.limiter.peek('email_per_minute', limits.email_per_minute, key));
      out.push(await this.limiter.peek('email_per_hour', limits.email_per_hour, key));
    }
    if (q.ip) {
      out.push(await this.limiter.peek('ip_public', limits.ip_public, `${tenantId}:${q.ip}`));
      out.push(...(await this.lockout.ipCounters(tenantId, limits, q.ip)));
    }
    return out;
  }

  /** Redis keys hold a keyed hash of the address, never the address. */
  private emailKey(tenantId: string, email: string): string {
    return this.hasher.hash(`rl-email:${tenantId}:${email.trim().toLowerCase()}`).toString('base64url');
  }
}
