import { SesameError } from '../errors';
import { AppPolicy, appSection } from './app.section';
import { BrandingPolicy, brandingSection } from './branding.section';
import { LinksPolicy, linksSection } from './links.section';
import { PasswordsPolicy, passwordsSection } from './passwords.section';
import type { PolicyContext, PolicyIssue, PolicySection } from './policy-section';
import { RateLimitsPolicy, rateLimitsSection } from './rate-limits.section';
import { RedirectSectionPolicy, redirectSection } from './redirect.section';
import { RetentionPolicy, retentionSection } from './retention.section';
import { SignInPolicy, signInSection } from './sign-in.section';
import { UsersPolicy, usersSection } from './users.section';

/** A tenant's policy: stored as JSONB in `tenants.policy`, read through resolvePolicy. */
export interface TenantPolicy {
  links: LinksPolicy;
  redirect: RedirectSectionPolicy;
  app: AppPolicy;
  users: UsersPolicy;
  branding: BrandingPolicy;
  passwords: PasswordsPolicy;
  retention: RetentionPolicy;
  sign_in: SignInPolicy;
  rate_limits: RateLimitsPolicy;
}

export const POLICY_SECTIONS: readonly PolicySection<unknown>[] = [
  linksSection,
  redirectSection,
  appSection,
  usersSection,
  brandingSection,
  passwordsSection,
  retentionSection,
  signInSection,
  rateLimitsSection,
] as PolicySection<unknown>[];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

export function defaultPolicy(ctx: PolicyContext): TenantPolicy {
  return Object.fromEntries(POLICY_SECTIONS.map((s) => [s.key, s.defaults(ctx)])) as unknown as TenantPolicy;
}

/**
 * Merges `patch` into `base`, shaped like `shape` (the defaults): objects merge key by key,
 * arrays and scalars replace, `null` resets a field to its default. Unknown fields and values of
 * the wrong JSON type become issues. Nullable fields (default null) take a string or null.
 */
function merge(shape: unknown, base: unknown, patch: unknown, path: string, issues: PolicyIssue[]): unknown {
  if (patch === undefined) return base;
  if (patch === null) return clone(shape);
  if (isObject(shape)) {
    if (!isObject(patch)) return issue(issues, path, 'must be an object', base);
    const out: Record<string, unknown> = { ...(isObject(base) ? base : clone(shape)) };
    for (const [k, v] of Object.entries(patch)) {
      if (!Object.prototype.hasOwnProperty.call(shape, k)) issues.push({ path: join(path, k), message: 'unknown field' });
      else out[k] = merge(shape[k], out[k], v, join(path, k), issues);
    }
    return out;
  }
  if (Array.isArray(shape)) {
    const element = shape.length ? typeof shape[0] : 'string';
    if (!Array.isArray(patch) || patch.some((e) => typeof e !== element)) return issue(issues, path, `must be an array of ${element}s`, base);
    return [...patch];
  }
  if (shape === null) {
    return typeof patch === 'string' ? patch : issue(issues, path, 'must be a string or null', base);
  }
  if (typeof patch !== typeof shape || (typeof patch === 'number' && !Number.isFinite(patch))) {
    return issue(issues, path, `must be a ${typeof shape}`, base);
  }
  return patch;
}

function issue(issues: PolicyIssue[], path: string, message: string, keep: unknown): unknown {
  issues.push({ path, message });
  return keep;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * A stored policy (which may predate sections or fields added since) over today's defaults.
 * Stored values are trusted: they were validated when saved.
 */
export function resolvePolicy(stored: unknown, ctx: PolicyContext): TenantPolicy {
  const defaults = defaultPolicy(ctx);
  const ignored: PolicyIssue[] = [];
  return merge(defaults, defaults, isObject(stored) ? pickKnown(stored, defaults) : undefined, '', ignored) as TenantPolicy;
}

function pickKnown(stored: Record<string, unknown>, shape: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stored).filter(([k]) => isObject(shape) && k in shape));
}

/**
 * Applies a JSON merge patch to a policy and validates the result. Throws
 * SesameError('validation_failed') listing every issue as `details.issues[] {path, message}`.
 */
export function applyPolicyPatch(current: TenantPolicy, patch: unknown, ctx: PolicyContext): TenantPolicy {
  if (!isObject(patch)) throw new SesameError('validation_failed', 'The policy patch must be a JSON object');
  const issues: PolicyIssue[] = [];
  const next = clone(merge(defaultPolicy(ctx), current, patch as Json, '', issues)) as TenantPolicy;
  if (issues.length === 0) {
    for (const section of POLICY_SECTIONS) issues.push(...section.validate((next as unknown as Record<string, unknown>)[section.key]));
  }
  if (issues.length) {
    throw new SesameError('validation_failed', `Invalid policy: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
  }
  return next;
}
