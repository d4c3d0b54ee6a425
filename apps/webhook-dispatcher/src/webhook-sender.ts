import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS } from '@opentelemetry/semantic-conventions';
import { startSpan, tracingEnabled } from '@sesame/observability';
import { SsrfGuard, TargetRefusedError, VettedTarget } from '@sesame/webhooks';

/** The outcome of one POST: never throws, so every attempt can be recorded the same way. */
export interface SendResult {
  /** The HTTP status, or null when no response arrived. */
  statusCode: number | null;
  latencyMs: number;
  /** Why it failed, short and without the URL (it may carry a secret); null on 2xx. */
  error: string | null;
  /** The SSRF guard refused the target: retrying cannot help. */
  refused: boolean;
  /** The first RESPONSE_BODY_LIMIT bytes of the response body (UTF-8), for the delivery log. */
  responseBody: string | null;
  /** The Retry-After header, raw. */
  retryAfter: string | null;
}

export const RESPONSE_BODY_LIMIT = 1024;
/** A body longer than this is not read to the end: the socket is dropped instead of reused. */
const DRAIN_LIMIT = 64 * 1024;
const MAX_ERROR_LENGTH = 500;
const MAX_AGENTS = 1000;

/**
 * POSTs one webhook with node:http(s): one deadline for DNS, connect, response and body, redirects
 * never followed, and every socket connected to the address the guard vetted at this attempt.
 * Connections are kept alive per (origin, vetted address), so a busy endpoint does not pay a TCP
 * (and TLS) handshake per delivery, and a DNS change opens new connections to the new address.
 */
export class WebhookSender {
  private readonly agents = new Map<string, http.Agent>();

  constructor(
    private readonly guard: SsrfGuard,
    private readonly timeoutMs: number,
    private readonly maxSocketsPerTarget = 8,
  ) {}

  /** One attempt, as a client span when tracing is on (no trace header goes to the receiver: it is not ours). */
  async send(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const span = tracingEnabled() && startSpan('webhook POST', { kind: 'client', attributes: { [ATTR_HTTP_REQUEST_METHOD]: 'POST', [ATTR_SERVER_ADDRESS]: hostOf(url) } });
    if (!span) return this.attempt(url, body, headers);
    const result = await span.run(() => this.attempt(url, body, headers));
    if (result.statusCode !== null) span.setAttributes({ [ATTR_HTTP_RESPONSE_STATUS_CODE]: result.statusCode });
    span.end(result.error ?? undefined);
    return result;
  }

  private async attempt(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const deadline = AbortSignal.timeout(this.timeoutMs);
    try {
      const target = await abortable(this.guard.vet(url), deadline);
      const res = await this.post(target, body, headers, deadline);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      return { ...res, latencyMs: elapsed(), error: ok ? null : describeStatus(res.statusCode), refused: false };
    } catch (err) {
      const refused = err instanceof TargetRefusedError;
      const error = deadline.aborted && !refused ? `timed out after ${this.timeoutMs} ms` : describeError(err);
      return { statusCode: null, latencyMs: elapsed(), error, refused, responseBody: null, retryAfter: null };
    }
  }

  /** Closes every kept-alive connection (shutdown). */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private post(
    target: VettedTarget,
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ statusCode: number; responseBody: string; retryAfter: string | null }> {
    const { url } = target;
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(
        {
          method: 'POST',
          protocol: url.protocol,
          hostname: target.hostname,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: this.agentFor(target),
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          let seen = 0;
          res.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (kept < RESPONSE_BODY_LIMIT) {
              chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT - kept));
              kept += Math.min(chunk.length, RESPONSE_BODY_LIMIT - kept);
            }
            if (seen > DRAIN_LIMIT) res.destroy(); // only the status matters; do not read an endless body
          });
          const done = () =>
            resolve({
              statusCode: res.statusCode ?? 0,
              responseBody: Buffer.concat(chunks).toString('utf8'),
              retryAfter: headerValue(res.headers['retry-after']),
            });
          res.on('end', done);
          res.on('close', done); // destroyed above, or the peer closed: the status still stands
          res.on('error', () => undefined);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private agentFor(target: VettedTarget): http.Agent {
    const { url } = target;
    const key = `${url.protocol}//${url.host}|${target.address}`;
    const found = this.agents.get(key);
    if (found) return found;
    if (this.agents.size >= MAX_AGENTS) {
      const [oldest] = this.agents.keys();
      this.agents.get(oldest)?.destroy();
      this.agents.delete(oldest);
    }
    const options = { keepAlive: true, maxSockets: this.maxSocketsPerTarget, maxFreeSockets: this.maxSocketsPerTarget, timeout: 60_000, lookup: pinnedLookup(target) };
    const agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    checkEveryConnection(agent, (socket) => this.guard.checkConnected(target, socket.remoteAddress));
    this.agents.set(key, agent);
    return agent;
  }
}

/**
 * Runs `check` when each new socket of the agent connects, before anything is written to it (the
 * listener is added before the request queues its bytes); a refused peer destroys the socket.
 */
function checkEveryConnection(agent: http.Agent, check: (socket: Socket) => void): void {
  const a = agent as unknown as { createConnection: (opts: unknown, cb?: unknown) => Socket };
  const create = a.createConnection.bind(agent);
  a.createConnection = (opts, cb) => {
    const socket = create(opts, cb);
    socket.once('connect', () => {
      try {
        check(socket);
      } catch (err) {
        socket.destroy(err as Error);
      }
    });
    return socket;
  };
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

function headerValue(v: string | string[] | undefined): string | null {
  return v === undefined ? null : Array.isArray(v) ? (v[0] ?? null) : v;
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

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'invalid';
  }
}
