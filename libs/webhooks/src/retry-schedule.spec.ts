import { DEFAULT_RETRY_SCHEDULE, parseRetryAfter, parseRetrySchedule, retryDelayMs } from './retry-schedule';

describe('retry schedule', () => {
  it('parses the default: 9 retries, about 3 days in all', () => {
    const s = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);
    expect(s).toEqual([5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 504e5, 72e6, 864e5]);
    const days = s.reduce((a, b) => a + b, 0) / 86_400_000;
    expect(days).toBeGreaterThan(3);
    expect(days).toBeLessThan(3.2);
  });

  it('refuses what it cannot read', () => {
    for (const bad of ['', '5', '5x', '-5s', '25h', '1.5s', ',']) expect(() => parseRetrySchedule(bad)).toThrow();
    expect(parseRetrySchedule(' 50ms, 1s ')).toEqual([50, 1000]);
  });

  it('picks the step of the failed attempt, with jitter within bounds, the last step repeating', () => {
    const s = [1000, 60_000];
    expect(retryDelayMs(s, 1, { random: () => 0.5 })).toBe(1000);
    expect(retryDelayMs(s, 1, { random: () => 0 })).toBe(900);
    expect(retryDelayMs(s, 1, { random: () => 1 })).toBe(1100);
    expect(retryDelayMs(s, 2, { random: () => 0.5 })).toBe(60_000);
    expect(retryDelayMs(s, 7, { random: () => 0.5 })).toBe(60_000);
    const seen = new Set(Array.from({ length: 50 }, () => retryDelayMs(s, 2)));
    expect(seen.size).toBeGreaterThan(1);
    for (const d of seen) expect(d).toBeGreaterThanOrEqual(54_000);
  });

  it('lets Retry-After win, capped at 24 h', () => {
    expect(retryDelayMs([1000], 1, { retryAfterMs: 120_000 })).toBe(120_000);
    expect(retryDelayMs([1000], 1, { retryAfterMs: 0 })).toBe(0);
    expect(retryDelayMs([1000], 1, { retryAfterMs: 10 * 86_400_000 })).toBe(86_400_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
