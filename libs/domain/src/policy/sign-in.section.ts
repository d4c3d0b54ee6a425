import { validateAppOrigin } from '../redirect-policy';
import type { PolicyIssue, PolicySection } from './policy-section';

/**
 * When the hosted link page asks the person to press a button before a link requested through
 * the public endpoint is used: `always`; only when the link is opened in another browser than the
 * one that asked (`cross_device`, the default); or `never` (the link works on arrival anywhere).
 */
export const CONFIRM_MODES = ['always', 'cross_device', 'never'] as const;
export type ConfirmMode = (typeof CONFIRM_MODES)[number];

export interface SignInPolicy {
  confirm: ConfirmMode;
  /** Links requested through the public endpoint only work from the IP that asked (Auth Armor `ip_address`). */
  bind_ip: boolean;
  /** … and only from the user agent that asked (Auth Armor `user_agent`). */
  bind_user_agent: boolean;
  /** Browser origins allowed to call the public endpoints (CORS), besides `app.origin`. */
  allowed_origins: string[];
}

export const MAX_ALLOWED_ORIGINS = 20;

export const signInSection: PolicySection<SignInPolicy> = {
  key: 'sign_in',
  defaults: () => ({ confirm: 'cross_device', bind_ip: false, bind_user_agent: false, allowed_origins: [] }),
  validate(value) {
    const issues: PolicyIssue[] = [];
    if (!(CONFIRM_MODES as readonly string[]).includes(value.confirm)) {
      issues.push({ path: 'sign_in.confirm', message: `must be one of ${CONFIRM_MODES.join(', ')}` });
    }
    if (value.allowed_origins.length > MAX_ALLOWED_ORIGINS) {
      issues.push({ path: 'sign_in.allowed_origins', message: `at most ${MAX_ALLOWED_ORIGINS} origins` });
    }
    value.allowed_origins = value.allowed_origins.map((origin, i) => {
      try {
        return validateAppOrigin(origin);
      } catch (err) {
        issues.push({ path: `sign_in.allowed_origins.${i}`, message: (err as Error).message });
        return origin;
      }
    });
    return issues;
  },
};

/** What the hosted page does when a requested link is opened (GET; it never consumes). */
export type LinkLanding = 'confirm' | 'redirect';

/**
 * `redirect` hands the browser a code that only works with proof of the browser that asked (its
 * PKCE code_verifier, or its request cookie); everyone else, scanners included, gets the confirm page.
 */
export function linkLanding(confirm: ConfirmMode, proof: { sameBrowser: boolean; pkce: boolean }): LinkLanding {
  if (confirm === 'always') return 'confirm';
  if (confirm === 'never') return 'redirect';
  return proof.sameBrowser || proof.pkce ? 'redirect' : 'confirm';
}
