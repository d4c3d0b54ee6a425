import { DEFAULT_TTL_SECONDS, LINK_TYPES, LinkType, MAX_TTL_SECONDS, MIN_TTL_SECONDS } from '../link-type';
import type { PolicyIssue, PolicySection } from './policy-section';

export interface LinkTypePolicy {
  enabled: boolean;
  ttl_seconds: number;
}
export type LinksPolicy = Record<LinkType, LinkTypePolicy>;

export const linksSection: PolicySection<LinksPolicy> = {
  key: 'links',
  defaults: () =>
    Object.fromEntries(LINK_TYPES.map((t) => [t, { enabled: true, ttl_seconds: DEFAULT_TTL_SECONDS[t] }])) as LinksPolicy,
  validate(value) {
    const issues: PolicyIssue[] = [];
    for (const t of LINK_TYPES) {
      const ttl = value[t].ttl_seconds;
      if (!Number.isInteger(ttl) || ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS) {
        issues.push({ path: `links.${t}.ttl_seconds`, message: `must be an integer from ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS}` });
      }
    }
    return issues;
  },
};
