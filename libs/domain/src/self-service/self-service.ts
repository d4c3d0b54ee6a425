import type { LinkType } from '../link-type';
import type { TenantPolicy } from '../policy';

/**
 * What a person can ask for on the hosted self-service pages, without an API key: a password
 * reset link (Entrust: "triggered by an administrator or by a self-service request"), a link that
 * confirms their email, or a registration link to sign up (where the policy allows registration).
 */
export const SELF_SERVICE_KINDS = ['forgot_password', 'verify_email', 'sign_up'] as const;
export type SelfServiceKind = (typeof SELF_SERVICE_KINDS)[number];

/** Whether the tenant offers this page at all; when it does not, the page says so (it is no secret). */
export function selfServiceAllowed(kind: SelfServiceKind, policy: Pick<TenantPolicy, 'links' | 'users' | 'passwords'>): boolean {
  switch (kind) {
    case 'forgot_password':
      return policy.passwords.self_service_reset && policy.links.password_reset.enabled;
    case 'verify_email':
      return policy.links.verify_email.enabled;
    case 'sign_up':
      return policy.users.self_registration && policy.links.registration.enabled;
  }
}

/** The user an address belongs to, as far as choosing a link goes. */
export interface SelfServiceUser {
  status: 'active' | 'disabled';
  emailVerified: boolean;
}

/**
 * The link a self-service request sends, or null for none. The asker never learns which: the
 * page answered before this was decided.
 * - forgot_password: a reset link to an active user; nothing to an unknown address.
 * - verify_email: a confirmation link to an active user whose address is not confirmed yet.
 * - sign_up: a registration link to a new address (the user is created) or to one that never
 *   completed registration; someone already registered gets a sign-in link instead, so a person
 *   who forgot they have an account still gets in.
 */
export function selfServiceLinkType(kind: SelfServiceKind, user: SelfServiceUser | null, loginEnabled: boolean): LinkType | null {
  if (user && user.status !== 'active') return null;
  switch (kind) {
    case 'forgot_password':
      return user ? 'password_reset' : null;
    case 'verify_email':
      return user && !user.emailVerified ? 'verify_email' : null;
    case 'sign_up':
      if (!user || !user.emailVerified) return 'registration';
      return loginEnabled ? 'login' : null;
  }
}

/** Keys and values of `context_data` a sign-up page carries (Auth Armor: "maintain context from signup start to completion"). */
export const MAX_SIGN_UP_CONTEXT_KEYS = 20;
export const MAX_SIGN_UP_CONTEXT_VALUE_LENGTH = 500;
const CONTEXT_FIELD = /^context_data\[([A-Za-z0-9_.-]{1,64})\]$/;

/**
 * `context_data[<key>]=<value>` fields of a sign-up page's query or form, as context data. Other
 * fields, keys beyond the limit and values that are not short strings are left out: the page is
 * public, so its context is whatever the visitor's URL said, never trusted for more.
 */
export function signUpContextData(fields: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [name, value] of Object.entries(fields)) {
    const key = CONTEXT_FIELD.exec(name)?.[1];
    if (!key || typeof value !== 'string' || value.length > MAX_SIGN_UP_CONTEXT_VALUE_LENGTH) continue;
    if (++n > MAX_SIGN_UP_CONTEXT_KEYS) break;
    out[key] = value;
  }
  return n ? out : undefined;
}
