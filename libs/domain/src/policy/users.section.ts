import type { PolicyIssue, PolicySection } from './policy-section';

export const UNKNOWN_EMAIL_MODES = ['create', 'refuse'] as const;
export type UnknownEmailMode = (typeof UNKNOWN_EMAIL_MODES)[number];

export interface UsersPolicy {
  /** Send a registration link when a user is created (Entrust "Automatically Email Magic Links"). */
  auto_send_registration: boolean;
  /**
   * The user attribute that holds the magic-link address (Entrust "Default User Email
   * Attribute"): `email`, or the name of a free-form attribute. A user's own override wins.
   */
  email_attribute: string;
  /** A link requested for an unknown address: create the user, or refuse (login-only). */
  unknown_email: UnknownEmailMode;
  /**
   * People may sign themselves up on the hosted sign-up page (Entrust "Enable user registration
   * in Policies > Registration"); registration links must be enabled too.
   */
  self_registration: boolean;
}

/** A user attribute name, as the policy's email_attribute and as keys of users' free-form attributes. */
export const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

export const usersSection: PolicySection<UsersPolicy> = {
  key: 'users',
  defaults: () => ({ auto_send_registration: false, email_attribute: 'email', unknown_email: 'create', self_registration: false }),
  validate(value) {
    const issues: PolicyIssue[] = [];
    if (!ATTRIBUTE_NAME.test(value.email_attribute)) {
      issues.push({ path: 'users.email_attribute', message: 'must be an attribute name (letters, digits, _ . -; at most 64)' });
    }
    if (!(UNKNOWN_EMAIL_MODES as readonly string[]).includes(value.unknown_email)) {
      issues.push({ path: 'users.unknown_email', message: `must be one of ${UNKNOWN_EMAIL_MODES.join(', ')}` });
    }
    return issues;
  },
};
