import { SesameError } from '../errors';

/** A user's own password (optional; Entrust first factor, hosted reset page). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Lifetime of the grant a password_reset link is exchanged for (integrators who keep passwords). */
export const RESET_GRANT_TTL_SECONDS = 10 * 60;

export type NewPasswordIssue = 'not_string' | 'too_short' | 'too_long' | 'blank';

/** Why a new password is refused, or null when it may be stored. Length counts code points. */
export function newPasswordIssue(password: unknown): NewPasswordIssue | null {
  if (typeof password !== 'string') return 'not_string';
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (password.trim() === '') return 'blank';
  return null;
}

const PROBLEMS: Record<NewPasswordIssue, string> = {
  not_string: 'password must be a string',
  too_short: `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  blank: 'password must not be only spaces',
};

/** The reason a new password is refused, in the API's words, or null when it may be stored. */
export function newPasswordProblem(password: unknown): string | null {
  const issue = newPasswordIssue(password);
  return issue && PROBLEMS[issue];
}

/** Throws 400 `validation_failed` (field `password`) unless the password may be stored. */
export function assertNewPassword(password: unknown): asserts password is string {
  const problem = newPasswordProblem(password);
  if (problem) throw new SesameError('validation_failed', problem, { fields: [{ field: 'password', message: problem }] });
}
