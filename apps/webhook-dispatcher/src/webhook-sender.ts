import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SsrfGuard, TargetRefusedError, VettedTarget } from './ssrf-guard';

/** The outcome of one POST: never throws, so every attempt can be recorded the same way. */
export interface SendResult {
  /** The HTTP status, or null when no response arrived. */
  statusCode: number | null;
  latencyMs: number;
  /** Why it failed, short and without the URL (it may carry a secret); null on 2xx. */
  error: string | null;
  /** The SSRF guard refused the target: retrying cannot help. */
  refused: boolean;
}

const MAX_ERROR_LENGTH = 500;

/**
 * POSTs one webhook with node:http(s): one deadline for DNS, connect and response headers,
 * redirects never followed, and the socket connected to the address the guard vetted.
 */
export class WebhookSender {
  constructor(
    private readonly guard: SsrfGuard,
    private readonly timeoutMs: number,
  ) {}

  async send(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const deadline = AbortSignal.timeout(this.timeoutMs);
    try {
      const target = await abortable(this.guard.vet(url), deadline);
      const statusCode = await this.post(target, body, headers, deadline);
      const ok = statusCode >= 200 && statusCode < 300;
      return { statusCode, latencyMs: elapsed(), error: ok ? null : describeStatus(statusCode), refused: false };
    } catch (err) {
      const refused = err instanceof TargetRefusedError;
      const error = deadline.aborted ? `timed out after ${this.timeoutMs} ms` : describeError(err);
      return { statusCode: null, latencyMs: elapsed(), error, refused };
    }
  }

  private post(target: VettedTarget, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
    const { url } = target;
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const req = client.request(
        {
          method: 'POST',
          protocol: url.protocol,
          hostname: target.hostname,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          // A fresh connection per attempt, resolved only through the pinned lookup below.
          agent: false,
          lookup: pinnedLookup(target),
          signal,
        },
        (res) => {
          resolve(res.statusCode ?? 0);
          // Only the status matters; do not let a slow or endless body hold the attempt.
          res.destroy();
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

/**
 * A `lookup` that answers only the vetted address, so a DNS answer that changes between the guard's
 * check and the connect (rebinding) cannot redirect the socket. Node skips lookup for IP literals,
 * which the guard has vetted as they are.
 */
function pinnedLookup({ address, family }: VettedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function describeStatus(status: number): string {
  if (status >= 300 && status < 400) return `HTTP ${status} (redirects are not followed)`;
  return `HTTP ${status}`;
}

function describeError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const text = typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
  return text.slice(0, MAX_ERROR_LENGTH);
}
