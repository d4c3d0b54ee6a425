import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  method: string;
  path: string;
  /** Lower-case header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The raw body, exactly as sent (signatures are over these bytes). */
  body: string;
  receivedAt: Date;
  /** When the answer went out (later than receivedAt for a slow receiver). */
  answeredAt?: Date;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/webhooks` */
  url: string;
  readonly received: readonly ReceivedWebhook[];
  /**
   * Answer `status` (with `headers`) to the next `times` requests, or to every request from now on
   * when `times` is omitted.
   */
  respondWith(status: number, times?: number, headers?: Record<string, string>): void;
  /** Hold every answer this long from now on (a slow receiver); 0 answers at once again. */
  delayResponses(ms: number): void;
  /** Resolves with everything received once `count` requests arrived or `predicate(received)` holds. */
  waitFor(condition: number | ((received: readonly ReceivedWebhook[]) => boolean), timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real HTTP endpoint on 127.0.0.1 (random port) that records every webhook it gets. Answers 200 by default. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const queued: Array<{ status: number; remaining: number; headers: Record<string, string> }> = [];
  let defaultStatus = 200;
  let defaultHeaders: Record<string, string> = {};
  let delayMs = 0;
  const waiters = new Set<() => void>();

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const entry: ReceivedWebhook = { method: req.method ?? '', path: req.url ?? '', headers: flatten(req.headers), body, receivedAt: new Date() };
      received.push(entry);
      const next = queued[0];
      const status = next ? next.status : defaultStatus;
      const headers = next ? next.headers : defaultHeaders;
      if (next && --next.remaining === 0) queued.shift();
      const answer = () => {
        if (res.destroyed) return;
        entry.answeredAt = new Date();
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify({ received: true }));
        for (const wake of waiters) wake();
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
      if (delayMs > 0) for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    respondWith(status, times, headers = {}) {
      if (times === undefined) {
        defaultStatus = status;
        defaultHeaders = headers;
        queued.length = 0;
      } else if (times > 0) {
        queued.push({ status, remaining: times, headers });
      }
    },
    delayResponses(ms) {
      delayMs = ms;
    },
    waitFor(condition, timeoutMs = 5000) {
      const done = typeof condition === 'number' ? (r: readonly ReceivedWebhook[]) => r.length >= condition : condition;
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done(received)) return;
          cleanup();
          resolve([...received]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`webhook receiver: condition not met within ${timeoutMs} ms (${received.length} request(s) received)`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that gives up mid-body still counts as a delivery attempt.
    req.on('aborted', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function flatten(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
