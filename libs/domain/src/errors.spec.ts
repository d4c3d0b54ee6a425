import { ERROR_STATUS, SesameError, isErrorCode } from './errors';

describe('SesameError', () => {
  it.each([
    ['validation_failed', 400],
    ['redirect_not_allowed', 400],
    ['invalid_token', 401],
    ['insufficient_scope', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['rate_limited', 429],
    ['internal_error', 500],
    ['service_unavailable', 503],
  ] as const)('maps %s to %i', (code, status) => {
    expect(new SesameError(code, 'x').status).toBe(status);
  });

  it('maps every code to a 4xx or 5xx status', () => {
    for (const status of Object.values(ERROR_STATUS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('serialises code, message and details only when present', () => {
    expect(new SesameError('not_found', 'gone').toJSON()).toEqual({ code: 'not_found', message: 'gone' });
    expect(new SesameError('conflict', 'dup', { field: 'email' }).toJSON()).toEqual({ code: 'conflict', message: 'dup', details: { field: 'email' } });
  });

  it('is an Error with its own name', () => {
    const err = new SesameError('forbidden', 'no');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('SesameError');
  });

  it('recognises codes', () => {
    expect(isErrorCode('expired')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });
});
