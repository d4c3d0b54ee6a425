import { classifySendGridError, headerValue } from './sendgrid-errors';

/** The shape @sendgrid/helpers' ResponseError has: numeric code, response { headers, body }. */
function responseError(status: number, headers: Record<string, string> = {}, body: unknown = { errors: [{ message: 'Bad thing', field: 'from' }] }) {
  return Object.assign(new Error('HTTP error'), { code: status, response: { headers, body } });
}

describe('classifySendGridError', () => {
  const now = Date.UTC(2030, 0, 1);

  it.each([400, 401, 403, 413])('%d is permanent', (status) => {
    const err = classifySendGridError(responseError(status), now);
    expect(err.permanent).toBe(true);
    expect(err.message).toBe(`SendGrid ${status}: Bad thing (from)`);
  });

  it.each([500, 502, 503, 408])('%d is retryable with backoff', (status) => {
    const err = classifySendGridError(responseError(status), now);
    expect(err.permanent).toBe(false);
    expect(err.retryAfterMs).toBeUndefined();
  });

  it('429 waits until X-RateLimit-Reset (epoch seconds)', () => {
    const err = classifySendGridError(responseError(429, { 'x-ratelimit-reset': String(now / 1000 + 30) }), now);
    expect(err).toMatchObject({ permanent: false, retryAfterMs: 30_000 });
  });

  it('429 without a usable reset header falls back to backoff; a past reset waits at least 1 s', () => {
    expect(classifySendGridError(responseError(429), now).retryAfterMs).toBeUndefined();
    expect(classifySendGridError(responseError(429, { 'x-ratelimit-reset': 'soon' }), now).retryAfterMs).toBeUndefined();
    expect(classifySendGridError(responseError(429, { 'x-ratelimit-reset': String(now / 1000 - 5) }), now).retryAfterMs).toBe(1000);
  });

  it('caps the rate-limit wait at one hour', () => {
    const err = classifySendGridError(responseError(429, { 'x-ratelimit-reset': String(now / 1000 + 86_400) }), now);
    expect(err.retryAfterMs).toBe(3_600_000);
  });

  it.each([
    ['timeout', Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' }), 'ECONNABORTED'],
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    ['unknown', new Error('socket hang up'), 'socket hang up'],
  ])('a %s without an HTTP answer is retryable', (_name, raw, cause) => {
    const err = classifySendGridError(raw, now);
    expect(err).toMatchObject({ permanent: false, message: `SendGrid request failed: ${cause}` });
  });

  it('never copies the request (which holds the link) into the message', () => {
    const raw = Object.assign(new Error('timeout'), { code: 'ETIMEDOUT', config: { data: '{"content":"https://x/l/SECRET"}' } });
    expect(classifySendGridError(raw, now).message).not.toContain('SECRET');
  });
});

describe('headerValue', () => {
  it('reads plain objects case-insensitively and AxiosHeaders-like objects through get()', () => {
    expect(headerValue({ 'X-Message-Id': 'abc' }, 'x-message-id')).toBe('abc');
    expect(headerValue({ get: (n: string) => (n === 'x-message-id' ? 'def' : undefined) }, 'x-message-id')).toBe('def');
    expect(headerValue(undefined, 'x-message-id')).toBeUndefined();
  });
});
