import { MAX_ALLOWED_REDIRECT_URLS, RedirectPolicy, validateAllowedRedirectUrl } from '../redirect-policy';
import type { PolicyIssue, PolicySection } from './policy-section';

/**
 * Whether a redirect URL may carry an explicit, non-default port (`https://app.example.com:8443/`).
 * The Entrust guide says "custom ports are not permitted in the base URL"; Sesame's own API has
 * always accepted them (`http://localhost:4000/…` in development), so the default applies the
 * Entrust rule only where Entrust's clients call: `refuse_on_entrust`.
 */
export const CUSTOM_PORT_RULES = ['allow', 'refuse', 'refuse_on_entrust'] as const;
export type CustomPortRule = (typeof CUSTOM_PORT_RULES)[number];

/** Which API asked for the redirect: the native one (and the other compatible ones) or Entrust's. */
export type RedirectSurface = 'native' | 'entrust';

export interface RedirectSectionPolicy {
  enabled: boolean;
  allowed_urls: string[];
  custom_ports: CustomPortRule;
}

export const redirectSection: PolicySection<RedirectSectionPolicy> = {
  key: 'redirect',
  defaults: () => ({ enabled: false, allowed_urls: [], custom_ports: 'refuse_on_entrust' }),
  validate(value) {
    const issues: PolicyIssue[] = [];
    if (!CUSTOM_PORT_RULES.includes(value.custom_ports)) {
      issues.push({ path: 'redirect.custom_ports', message: `must be one of ${CUSTOM_PORT_RULES.join(', ')}` });
    }
    if (value.allowed_urls.length > MAX_ALLOWED_REDIRECT_URLS) {
      issues.push({ path: 'redirect.allowed_urls', message: `at most ${MAX_ALLOWED_REDIRECT_URLS} allowed redirect URLs` });
    }
    value.allowed_urls = value.allowed_urls.map((entry, i) => {
      try {
        const normalised = validateAllowedRedirectUrl(entry);
        // An entry no request could ever match is a configuration mistake, said when it is saved.
        if (value.custom_ports === 'refuse' && new URL(normalised).port !== '') {
          issues.push({ path: `redirect.allowed_urls.${i}`, message: 'has a custom port, which redirect.custom_ports "refuse" forbids' });
        }
        return normalised;
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

/** The redirect rules a request on `surface` is held to. */
export function redirectPolicyFor(
  policy: { redirect: RedirectSectionPolicy; app: { origin: string } },
  surface: RedirectSurface,
): RedirectPolicy {
  const { custom_ports: rule } = policy.redirect;
  return {
    enabled: policy.redirect.enabled,
    allowedUrls: policy.redirect.allowed_urls,
    appOrigin: policy.app.origin,
    allowCustomPorts: rule === 'allow' || (rule === 'refuse_on_entrust' && surface !== 'entrust'),
  };
}
