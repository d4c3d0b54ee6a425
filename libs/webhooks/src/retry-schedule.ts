/**
 * When failed webhook attempts are retried. Standard Webhooks recommends retrying for days with
 * growing gaps; Sesame's default retries at about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h
 * and 24 h after each failure (≈ 3 days in all), each gap ± `jitter`, then gives up.
 */
export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,14h,20h,24h';

/** No single wait is longer than this, whatever the schedule or a Retry-After header says. */
export const MAX_RETRY_DELAY_MS = 24 * 3600 * 1000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `"5s,5m,2h"` → `[5000, 300000, 7200000]`; throws on anything else (checked at startup). */
export function parseRetrySchedule(text: string): number[] {
  const steps = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (steps.length === 0 || steps.length > 50) throw new Error('a retry schedule has 1 to 50 comma-separated delays like 5s,5m,2h');
  return steps.map((step) => {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(step);
    const ms = m ? Number(m[1]) * UNIT_MS[m[2]] : NaN;
    if (!Number.isSafeInteger(ms) || ms > MAX_RETRY_DELAY_MS) throw new Error(`"${step}" is not a delay like 500ms, 5s, 5m, 2h or 1d (at most 24h)`);
    return ms;
  });
}

/**
 * The wait before the next attempt, after `failedAttempts` attempts failed (1 = the first one).
 * A receiver's Retry-After (429, 503) wins over the schedule; either way at most MAX_RETRY_DELAY_MS.
 */
export function retryDelayMs(
  schedule: readonly number[],
  failedAttempts: number,
  { jitter = 0.1, retryAfterMs = null, random = Math.random }: { jitter?: number; retryAfterMs?: number | null; random?: () => number } = {},
): number {
  if (retryAfterMs !== null && retryAfterMs >= 0) return Math.min(retryAfterMs, MAX_RETRY_DELAY_MS);
  const base = schedule[Math.min(Math.max(failedAttempts, 1), schedule.length) - 1];
  const spread = base * jitter * (2 * random() - 1);
  return Math.min(Math.max(0, Math.round(base + spread)), MAX_RETRY_DELAY_MS);
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
