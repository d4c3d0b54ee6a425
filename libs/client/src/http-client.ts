import { RateLimitedError, SesameConnectionError, SesameError } from './errors';
import { parseRetryAfter, retryDelayMs, RetrySettings } from './retry-policy';

export interface ClientSettings extends RetrySettings {
  apiKey: string;
  baseUrl: string;
  /** Per attempt. */
  timeoutMs: number;
  fetch: typeof fetch;
}

/** Per call: override the client's settings, cancel, or name the Idempotency-Key yourself. */
export interface RequestOptions {
  /** Aborting it cancels the call, its retries and the wait between them. */
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
  /** Only where the API takes one (creating a magic link); otherwise ignored. Default: a random UUID when retries are on. */
  idempotencyKey?: string;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /**
   * The route takes an `Idempotency-Key`: the caller's (`RequestOptions.idempotencyKey`), else a
   * random one when retries are on, sent unchanged on every retry so the API replays its first
   * answer instead of acting twice.
   */
  idempotent?: boolean;
}

/** Methods whose repetition changes nothing more than the first call (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

const USER_AGENT = 'sesame-client-node/0.1.0';

/** Sends API requests: authentication, JSON, timeouts, retries and error mapping, once for every resource. */
export class HttpClient {
  constructor(private readonly s: ClientSettings) {}

  async request<T>(req: ApiRequest, opts: RequestOptions = {}): Promise<T> {
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = { authorization: `Bearer ${this.s.apiKey}`, accept: 'application/json', 'user-agent': USER_AGENT };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const retry: RetrySettings = { maxRetries: opts.maxRetries ?? this.s.maxRetries, maxRetryDelayMs: this.s.maxRetryDelayMs };
    const idempotencyKey = req.idempotent ? (opts.idempotencyKey ?? (retry.maxRetries > 0 ? crypto.randomUUID() : undefined)) : undefined;
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const repeatable = IDEMPOTENT.has(req.method) || idempotencyKey !== undefined;

    for (let attempt = 0; ; attempt++) {
      let failure: SesameError;
      try {
        const res = await this.send(url, { method: req.method, headers, body }, opts);
        if (res.status < 300) return parseSuccess(res) as T;
        failure = errorOf(res);
      } catch (err) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        failure = err instanceof SesameError ? err : connectionError(err);
      }
      const delay = retryDelayMs(failure, attempt, repeatable, retry);
      if (delay === null) throw failure;
      await sleep(delay, opts.signal);
    }
  }

  private async send(url: string, init: RequestInit, opts: RequestOptions): Promise<Answer> {
    const timeoutMs = opts.timeoutMs ?? this.s.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    try {
      // The API never redirects; following one would send the key wherever a misconfigured proxy points.
      const res = await this.s.fetch(url, { ...init, signal, redirect: 'manual' });
      // The body is read under the same signal: a stalled body times out like a stalled answer.
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (err) {
      if (timeout.aborted && !opts.signal?.aborted) throw new SesameConnectionError('timeout', `No answer within ${timeoutMs} ms`, err);
      throw err;
    }
  }

  private url(path: string, query?: Record<string, QueryValue>): string {
    // Joined, not resolved: a base URL with a path prefix (a gateway behind /sesame) keeps it.
    const url = new URL(`${this.s.baseUrl.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

function parseSuccess(res: Answer): unknown {
  if (res.text === '') return undefined;
  try {
    return JSON.parse(res.text);
  } catch (err) {
    throw new SesameError({ status: res.status, code: 'invalid_response', message: `HTTP ${res.status} with a body that is not JSON`, requestId: res.headers.get('x-request-id') ?? undefined, cause: err });
  }
}

/** The API's `{error: {code, message, details}}`, or what can be said of an answer without one (a proxy's page). */
function errorOf(res: Answer): SesameError {
  const text = res.text;
  let parsed: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const e = parsed?.error;
  const details = e && typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : undefined;
  const fromBody = typeof details?.retry_after === 'number' ? details.retry_after : undefined;
  const init = {
    status: res.status,
    code: typeof e?.code === 'string' ? e.code : `http_${res.status}`,
    message: typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`,
    details,
    requestId: res.headers.get('x-request-id') ?? undefined,
    retryAfter: parseRetryAfter(res.headers.get('retry-after')) ?? fromBody,
  };
  return res.status === 429 ? new RateLimitedError({ ...init, retryAfter: init.retryAfter ?? 1 }) : new SesameError(init);
}

function connectionError(err: unknown): SesameConnectionError {
  const cause = (err as { cause?: { code?: string } })?.cause;
  if (cause?.code === 'ECONNREFUSED') return new SesameConnectionError('connection_refused', 'Connection refused', err);
  return new SesameConnectionError('network_error', `The request failed: ${(cause as Error | undefined)?.message ?? (err as Error)?.message ?? String(err)}`, err);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
