import { RateLimitedError, SesameConnectionError, SesameError } from './errors';
import { parseRetryAfter, retryDelayMs } from './retry-policy';

const settings = { maxRetries: 3, maxRetryDelayMs: 60_000 };
const apiError = (status: number, code: string, retryAfter?: number) => new SesameError({ status, code, message: code, retryAfter });

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-07T08:00:00Z');

  it.each([
    ['7', 7],
    [' 0 ', 0],
    ['Mon, 07 Dec 2026 08:00:30 GMT', 30],
    ['Mon, 07 Dec 2026 07:59:00 GMT', 0],
    ['soon', null],
    ['-3', null],
    ['1.5', null],
    ['', null],
    [null, null],
  ])('%j → %j seconds', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});

describe('retryDelayMs', () => {
  it('backs off exponentially with jitter between half and all of each step, capped at 8 s', () => {
    const err = new SesameConnectionError('network_error', 'reset');
    const bounds = (attempt: number) => [retryDelayMs(err, attempt, true, { ...settings, maxRetries: 10 }, () => 0), retryDelayMs(err, attempt, true, { ...settings, maxRetries: 10 }, () => 1)];
    expect(bounds(0)).toEqual([250, 500]);
    expect(bounds(1)).toEqual([500, 1000]);
    expect(bounds(3)).toEqual([2000, 4000]);
    expect(bounds(9)).toEqual([4000, 8000]);
  });

  it('gives up after maxRetries', () => {
    expect(retryDelayMs(apiError(503, 'service_unavailable', 1), 2, true, settings, () => 0)).toBe(1000);
    expect(retryDelayMs(apiError(503, 'service_unavailable', 1), 3, true, settings)).toBeNull();
    expect(retryDelayMs(apiError(503, 'service_unavailable', 1), 0, true, { ...settings, maxRetries: 0 })).toBeNull();
  });

  it('retries a request that may have reached the API only when repeating it is harmless', () => {
    for (const err of [new SesameConnectionError('network_error', 'reset'), new SesameConnectionError('timeout', 'slow'), apiError(503, 'service_unavailable')]) {
      expect(retryDelayMs(err, 0, true, settings, () => 0)).toBe(250);
      expect(retryDelayMs(err, 0, false, settings)).toBeNull();
    }
  });

  it('retries any request that surely did nothing: a refused connection, a 429', () => {
    expect(retryDelayMs(new SesameConnectionError('connection_refused', 'refused'), 0, false, settings, () => 0)).toBe(250);
    expect(retryDelayMs(new RateLimitedError({ status: 429, code: 'rate_limited', message: 'slow down', retryAfter: 2 }), 0, false, settings, () => 0)).toBe(2000);
  });

  it('waits at least Retry-After and up to half as long again (spread), and hands a wait longer than maxRetryDelayMs to the caller', () => {
    expect(retryDelayMs(apiError(503, 'service_unavailable', 0), 1, true, settings)).toBe(0);
    expect(retryDelayMs(apiError(503, 'service_unavailable', 2), 0, true, settings, () => 0)).toBe(2000);
    expect(retryDelayMs(apiError(503, 'service_unavailable', 2), 0, true, settings, () => 0.999)).toBe(2999);
    expect(retryDelayMs(apiError(429, 'rate_limited', 60), 0, true, settings, () => 0)).toBe(60_000);
    expect(retryDelayMs(apiError(429, 'rate_limited', 40), 0, true, settings, () => 0.999)).toBe(59_980);
    expect(retryDelayMs(apiError(429, 'rate_limited', 50), 0, true, settings, () => 0.999)).toBe(60_000);
    expect(retryDelayMs(apiError(429, 'rate_limited', 61), 0, true, settings)).toBeNull();
  });

  it('waits for a concurrent request with the same Idempotency-Key, and retries nothing else', () => {
    expect(retryDelayMs(apiError(409, 'idempotency_in_progress'), 0, true, settings, () => 1)).toBe(500);
    for (const [status, code] of [[400, 'validation_failed'], [401, 'expired'], [409, 'conflict'], [500, 'internal_error'], [502, 'http_502']] as const) {
      expect(retryDelayMs(apiError(status, code), 0, true, settings)).toBeNull();
    }
  });
});
