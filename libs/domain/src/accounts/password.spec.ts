import { SesameError } from '../errors';
import { assertNewPassword, newPasswordProblem } from './password';

describe('new password rules', () => {
  it('takes 12 characters or more, counted as code points', () => {
    expect(newPasswordProblem('a'.repeat(12))).toBeNull();
    expect(newPasswordProblem('🔑'.repeat(12))).toBeNull();
    expect(newPasswordProblem('a'.repeat(11))).toMatch(/at least 12/);
    expect(newPasswordProblem('a'.repeat(257))).toMatch(/at most 256/);
    expect(newPasswordProblem(' '.repeat(12))).toMatch(/spaces/);
    expect(newPasswordProblem(42)).toMatch(/string/);
  });

  it('throws validation_failed naming the field', () => {
    try {
      assertNewPassword('short');
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(SesameError);
      expect((err as SesameError).code).toBe('validation_failed');
      expect((err as SesameError).details).toEqual({ fields: [{ field: 'password', message: expect.stringContaining('12') }] });
    }
  });
});
