import { MAX_ALLOWED_REDIRECT_URLS, validateAllowedRedirectUrl } from '../redirect-policy';
import type { PolicyIssue, PolicySection } from './policy-section';

export interface RedirectSectionPolicy {
  enabled: boolean;
  allowed_urls: string[];
}

export const redirectSection: PolicySection<RedirectSectionPolicy> = {
  key: 'redirect',
  defaults: () => ({ enabled: false, allowed_urls: [] }),
  validate(value) {
    const issues: PolicyIssue[] = [];
    if (value.allowed_urls.length > MAX_ALLOWED_REDIRECT_URLS) {
      issues.push({ path: 'redirect.allowed_urls', message: `at most ${MAX_ALLOWED_REDIRECT_URLS} allowed redirect URLs` });
    }
    value.allowed_urls = value.allowed_urls.map((entry, i) => {
      try {
        return validateAllowedRedirectUrl(entry);
      } catch (err) {
        issues.push({ path: `redirect.allowed_urls.${i}`, message: (err as Error).message });
        return entry;
      }
    });
    if (new Set(value.allowed_urls).size !== value.allowed_urls.length) {
      issues.push({ path: 'redirect.allowed_urls', message: 'entries must be unique' });
    }
    return issues;
  },
};
