import { SesameError } from '../errors';

/** A user's own password (optional; Entrust first factor, hosted reset page). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Lifetime of the grant a password_reset link is exchanged for (integrators who keep passwords). */
export const RESET_GRANT_TTL_SECONDS = 10 * 60;

/** The reason a new password is refused, or null when it may be stored. Length counts code points. */
export function newPasswordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'password must be a string';
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() === '') return 'password must not be only spaces';
  return null;
}

/** Throws 400 `validation_failed` (field `password`) unless the password may be stored. */
export function assertNewPassword(password: unknown): asserts password is string {
  const problem = newPasswordProblem(password);
  if (problem) throw new SesameError('validation_failed', problem, { fields: [{ field: 'password', message: problem }] });
}
