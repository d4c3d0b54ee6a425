import { SesameConnectionError, SesameError } from './errors';

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The longest wait before a retry; a longer `Retry-After` is handed to the caller instead. */
  maxRetryDelayMs: number;
}

/** First backoff step and its ceiling (exponential: 0.5 s, 1 s, 2 s, … 8 s, each with jitter). */
const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * Whether to try a failed request again, and after how long (ms); `null` to give up.
 *
 * `repeatable` says whether sending the request twice can do nothing twice: GET, PUT and DELETE,
 * and a POST carrying an `Idempotency-Key`. Only those are retried after a failure that may have
 * reached the API (a dropped connection, a timeout, a 503 from a request that timed out inside).
 * Any request is retried when it surely did nothing: refused connection, `429`.
 */
export function retryDelayMs(error: SesameError, attempt: number, repeatable: boolean, s: RetrySettings, random: () => number = Math.random): number | null {
  if (attempt >= s.maxRetries) return null;
  const backoff = jittered(attempt, random);
  if (error instanceof SesameConnectionError) {
    return repeatable || error.code === 'connection_refused' ? backoff : null;
  }
  // The API asked to wait: at least that long, and up to half as long again, so that clients refused
  // together (a burst met the gateway's bound) do not all come back in the same instant. Give up
  // when the wait asked is longer than the caller allows.
  const asked = retryAfterOf(error);
  const wait = (ms: number | null) => (ms === null ? backoff : ms > s.maxRetryDelayMs ? null : Math.min(s.maxRetryDelayMs, Math.round(ms * (1 + random() / 2))));
  if (error.status === 429) return wait(asked);
  if (error.status === 503 && repeatable) return wait(asked);
  // Another request with the same Idempotency-Key has not finished yet; its answer will be replayed.
  if (error.code === 'idempotency_in_progress' && repeatable) return backoff;
  return null;
}

function jittered(attempt: number, random: () => number): number {
  const step = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
}

function retryAfterOf(error: SesameError): number | null {
  return error.retryAfter === undefined ? null : error.retryAfter * 1000;
}

/**
 * `Retry-After` in seconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); `null` when absent
 * or unreadable. A date in the past means now (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value == null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Every HTTP-date form names its day and month; without letters Date.parse would guess ("-3", "1.5").
  if (!/[A-Za-z]{3}/.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
