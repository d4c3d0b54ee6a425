import { TransportError } from './transport-error';

const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Reads a response header from axios' AxiosHeaders or a plain object, case-insensitively. */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const direct = typeof h.get === 'function' ? h.get(name) : undefined;
  const value = direct ?? Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * Maps what `@sendgrid/mail` rejected with to a TransportError (SendGrid v3 mail/send semantics):
 * 429 waits until X-RateLimit-Reset (epoch seconds); 5xx, 408, timeouts and network errors are
 * retried; other 4xx (bad request, bad key, forbidden, too large) are permanent.
 */
export function classifySendGridError(err: unknown, now = Date.now()): TransportError {
  const e = err as { code?: unknown; message?: unknown; response?: { headers?: unknown; body?: unknown } };
  if (typeof e?.code === 'number' && e.response) return classifySendGridAnswer(e.code, e.response.headers, e.response.body, now);
  // No HTTP answer: timeout, refused, reset, DNS. The axios message names only the cause and host.
  const cause = typeof e?.code === 'string' ? e.code : typeof e?.message === 'string' ? e.message : 'unknown error';
  return new TransportError(`SendGrid request failed: ${truncate(cause)}`, false);
}

/** A non-2xx answer of SendGrid's v3 API, whichever client received it. */
export function classifySendGridAnswer(status: number, headers: unknown, body: unknown, now = Date.now()): TransportError {
  const message = `SendGrid ${status}${firstErrorMessage(body)}`;
  if (status === 429) return new TransportError(message, false, retryAfter(headers, now));
  if (status === 408 || status >= 500) return new TransportError(message, false);
  return new TransportError(message, true);
}

function retryAfter(headers: unknown, now: number): number | undefined {
  const reset = Number(headerValue(headers, 'x-ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(1000, reset * 1000 - now));
}

function firstErrorMessage(body: unknown): string {
  const errors = (body as { errors?: { message?: unknown; field?: unknown }[] } | undefined)?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  if (!first || typeof first.message !== 'string') return '';
  const field = typeof first.field === 'string' && first.field ? ` (${first.field})` : '';
  return `: ${truncate(first.message)}${field}`;
}

function truncate(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
