import type { PolicyIssue, PolicySection } from './policy-section';

/** At most `points` events in any `window_seconds` (a sliding window, not a calendar bucket). */
export interface RateLimitRule {
  points: number;
  window_seconds: number;
}

/**
 * Every limit Sesame enforces, per tenant. A request over any of them is answered `429` with
 * `Retry-After`; the per-email limits count requests for an address whether or not it belongs to
 * a user, so a 429 says nothing about who has an account.
 */
export interface RateLimitsPolicy {
  /** Link requests for one email address (public endpoint and API). */
  email_per_hour: RateLimitRule;
  email_per_minute: RateLimitRule;
  /** Requests from one client IP to the public endpoints. */
  ip_public: RateLimitRule;
  /**
   * Link requests to the whole tenant (public and API): the tenant's request budget. On by default
   * at 12,000 a minute (200/s sustained, a fifth of what one small deployment creates): far above a
   * sign-in flow's traffic, even a login storm's, and a ceiling on a runaway loop over minutes (the
   * gateway's admission share protects the other tenants within milliseconds). `points: 0` switches it off.
   */
  tenant: RateLimitRule;
  /** Link creations with one API key. `points: 0`, the default, is no limit. */
  api_key: RateLimitRule;
  /** Failed verifications (bad token, code, verifier or binding) from one IP; then it is locked out. */
  failed_per_ip: RateLimitRule;
  /** Failed verifications of one link or request. */
  failed_per_link: RateLimitRule;
}

export const RATE_LIMIT_RULES = [
  'email_per_hour', 'email_per_minute', 'ip_public', 'tenant', 'api_key', 'failed_per_ip', 'failed_per_link',
] as const satisfies readonly (keyof RateLimitsPolicy)[];
export type RateLimitRuleName = (typeof RATE_LIMIT_RULES)[number];

export const MAX_RATE_LIMIT_POINTS = 1_000_000;
/** Rules that may be switched off with `points: 0` (the rest always apply). */
export const OPTIONAL_RATE_LIMIT_RULES: readonly RateLimitRuleName[] = ['tenant', 'api_key'];
export const MAX_RATE_LIMIT_WINDOW_SECONDS = 7 * 24 * 3600;

export function defaultRateLimits(): RateLimitsPolicy {
  return {
    email_per_hour: { points: 5, window_seconds: 3600 },
    email_per_minute: { points: 1, window_seconds: 60 },
    ip_public: { points: 30, window_seconds: 300 },
    tenant: { points: 12_000, window_seconds: 60 },
    api_key: { points: 0, window_seconds: 60 },
    failed_per_ip: { points: 100, window_seconds: 86_400 },
    failed_per_link: { points: 10, window_seconds: 3600 },
  };
}

export const rateLimitsSection: PolicySection<RateLimitsPolicy> = {
  key: 'rate_limits',
  defaults: defaultRateLimits,
  validate(value) {
    const issues: PolicyIssue[] = [];
    for (const name of RATE_LIMIT_RULES) {
      const { points, window_seconds: w } = value[name];
      const min = OPTIONAL_RATE_LIMIT_RULES.includes(name) ? 0 : 1;
      if (!Number.isInteger(points) || points < min || points > MAX_RATE_LIMIT_POINTS) {
        issues.push({ path: `rate_limits.${name}.points`, message: `must be an integer from ${min} to ${MAX_RATE_LIMIT_POINTS}` });
      }
      if (!Number.isInteger(w) || w < 1 || w > MAX_RATE_LIMIT_WINDOW_SECONDS) {
        issues.push({ path: `rate_limits.${name}.window_seconds`, message: `must be an integer from 1 to ${MAX_RATE_LIMIT_WINDOW_SECONDS}` });
      }
    }
    return issues;
  },
};
