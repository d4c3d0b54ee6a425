import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSendGridRequest {
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of `POST /v3/mail/send` (SendGrid v3 snake_case shape). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** What the fake answered; 0 when it never answered (a scripted timeout). */
  status: number;
  receivedAt: Date;
  /**
   * True when the client had gone (e.g. its timeout fired) before the answer reached it: for a
   * 2xx, the provider accepted a mail whose sender never learned it.
   */
  clientGone?: boolean;
}

/** An answer for `answerEveryRequest`: a status code, or `'no-answer'` to hold the request until the client gives up. */
export type FakeSendGridAnswer = number | 'no-answer';

export interface FakeSendGrid {
  /** Base URL for the client, e.g. `http://127.0.0.1:54321` (SENDGRID_BASE_URL). */
  url: string;
  /** Every request to /v3/mail/send, in order, whatever the answer. */
  requests: FakeSendGridRequest[];
  /** Requests answered 2xx (accepted for delivery). */
  readonly accepted: FakeSendGridRequest[];
  /**
   * Scripts the next `times` answers (default 1), e.g. `respondWith(500, {}, 2)` or
   * `respondWith(429, { 'X-RateLimit-Reset': String(epochSeconds) })`. Then back to 202.
   */
  respondWith(status: number, headers?: Record<string, string>, times?: number): void;
  /**
   * Scripts a fault for the next `times` requests: `reset-after-accept` records the mail as
   * accepted (202) and then destroys the connection without answering — the client cannot know
   * it was accepted; `delay` answers 202 after `delayMs` (a timeout when longer than the client's).
   */
  fault(kind: 'reset-after-accept' | 'delay', times?: number, delayMs?: number): void;
  /**
   * The Signed Event Webhook side: `publicKey` is what a tenant configures as the verification
   * key (base64 DER, as SendGrid shows it); `sign` returns the two headers SendGrid sends for a body.
   */
  readonly eventWebhook: {
    publicKey: string;
    sign(rawBody: string, timestamp?: number): { 'X-Twilio-Email-Event-Webhook-Signature': string; 'X-Twilio-Email-Event-Webhook-Timestamp': string };
  };
  /**
   * From now on answers every request that is not scripted with `respondWith` this way (e.g. 500,
   * 429 with `Retry-After`, or `'no-answer'`), until called with `null` (back to 202). Requests
   * held without an answer have their connection dropped when the mode changes.
   */
  answerEveryRequest(answer: FakeSendGridAnswer | null, headers?: Record<string, string>): void;
  /** Resolves once at least `n` requests arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<FakeSendGridRequest[]>;
  /** Forgets requests and scripted answers. */
  reset(): void;
  close(): Promise<void>;
}

interface Scripted {
  status: number;
  headers: Record<string, string>;
  remaining: number;
  fault?: 'reset-after-accept' | 'delay';
  delayMs?: number;
}

/**
 * A local stand-in for the SendGrid v3 API on 127.0.0.1 (random port): `POST /v3/mail/send`
 * requires `Authorization: Bearer <key>` (and the given key, if any), records the JSON body and
 * answers 202 with an `X-Message-Id`, unless a failure was scripted with `respondWith`.
 */
export async function startFakeSendGrid(opts: { apiKey?: string } = {}): Promise<FakeSendGrid> {
  const requests: FakeSendGridRequest[] = [];
  const script: Scripted[] = [];
  let fallback: { answer: FakeSendGridAnswer; headers: Record<string, string> } | null = null;
  const held = new Set<ServerResponse>();
  const waiters = new Set<() => void>();

  const answer = (res: ServerResponse, status: number, headers: Record<string, string> = {}, body?: unknown) => {
    res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const errors = (message: string, field: string | null = null) => ({ errors: [{ message, field, help: null }] });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v3/mail/send') return answer(res, 404, {}, errors('Not found'));
      const auth = req.headers.authorization ?? '';
      if (!/^Bearer \S+$/.test(auth) || (opts.apiKey && auth !== `Bearer ${opts.apiKey}`)) {
        return answer(res, 401, {}, errors('The provided authorization grant is invalid, expired, or revoked'));
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(res, 400, {}, errors('Bad Request', 'body'));
      }
      const next = script[0];
      if (next && --next.remaining <= 0) script.shift();
      if (!next && fallback?.answer === 'no-answer') {
        requests.push({ headers: req.headers, body, status: 0, receivedAt: new Date() });
        for (const wake of waiters) wake();
        held.add(res);
        res.once('close', () => held.delete(res));
        return; // held until the client gives up, or the connection is dropped when this mode ends
      }
      const status = next?.status ?? (typeof fallback?.answer === 'number' ? fallback.answer : 202);
      const headers = next?.headers ?? fallback?.headers ?? {};
      const record: FakeSendGridRequest = { headers: req.headers, body, status, receivedAt: new Date() };
      requests.push(record);
      if (req.socket.destroyed) record.clientGone = true;
      else res.once('close', () => (record.clientGone ||= !res.writableFinished));
      for (const wake of waiters) wake();
      if (next?.fault === 'reset-after-accept') return req.socket.destroy();
      if (next?.fault === 'delay') {
        setTimeout(() => answer(res, status, { 'X-Message-Id': randomBytes(16).toString('base64url') }), next.delayMs ?? 0).unref();
        return;
      }
      if (status >= 200 && status < 300) {
        return answer(res, status, { 'X-Message-Id': randomBytes(16).toString('base64url'), ...headers });
      }
      answer(res, status, headers, errors(`scripted ${status}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // SendGrid signs event batches with ECDSA P-256 / SHA-256 over timestamp + raw body.
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicKey = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get accepted() {
      return requests.filter((r) => r.status >= 200 && r.status < 300);
    },
    respondWith(status, headers = {}, times = 1) {
      script.push({ status, headers, remaining: times });
    },
    fault(kind, times = 1, delayMs = 0) {
      script.push({ status: 202, headers: {}, remaining: times, fault: kind, delayMs });
    },
    eventWebhook: {
      publicKey,
      sign(rawBody, timestamp = Math.floor(Date.now() / 1000)) {
        const signature = createSign('sha256').update(`${timestamp}${rawBody}`).sign(keys.privateKey).toString('base64');
        return { 'X-Twilio-Email-Event-Webhook-Signature': signature, 'X-Twilio-Email-Event-Webhook-Timestamp': String(timestamp) };
      },
    },
    answerEveryRequest(answer, headers = {}) {
      fallback = answer === null ? null : { answer, headers };
      if (answer !== 'no-answer') for (const res of held) res.socket?.destroy(); // the client sees the connection drop
    },
    waitFor(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < n) return;
          cleanup();
          resolve(requests.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake SendGrid: expected ${n} requests within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    reset() {
      requests.length = 0;
      script.length = 0;
      fallback = null;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
