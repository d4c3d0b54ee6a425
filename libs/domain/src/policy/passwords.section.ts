import type { PolicyIssue, PolicySection } from './policy-section';

/**
 * What a password_reset link leads to (Entrust password reset Magic Link):
 * - `hosted_page`: Sesame's "choose a new password" page; Sesame stores the password;
 * - `reset_grant`: the ordinary confirm page and redirect with `?code=`; the integrator, who keeps
 *   passwords itself, exchanges the code for a short-lived reset grant.
 */
export const PASSWORD_RESET_MODES = ['hosted_page', 'reset_grant'] as const;
export type PasswordResetMode = (typeof PASSWORD_RESET_MODES)[number];

export interface PasswordsPolicy {
  reset_mode: PasswordResetMode;
  /**
   * Users may ask for a reset link themselves on the hosted "forgot password" page (Entrust: reset
   * links are "triggered by an administrator or by a self-service request"); false: administrators only.
   */
  self_service_reset: boolean;
}

export const passwordsSection: PolicySection<PasswordsPolicy> = {
  key: 'passwords',
  defaults: () => ({ reset_mode: 'hosted_page', self_service_reset: true }),
  validate(value) {
    const issues: PolicyIssue[] = [];
    if (!(PASSWORD_RESET_MODES as readonly string[]).includes(value.reset_mode)) {
      issues.push({ path: 'passwords.reset_mode', message: `must be one of ${PASSWORD_RESET_MODES.join(', ')}` });
    }
    return issues;
  },
};
