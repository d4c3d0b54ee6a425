import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTwilioMessage {
  accountSid: string;
  /** The form fields of `POST /2010-04-01/Accounts/{sid}/Messages.json` (To, From, Body, …). */
  form: Record<string, string>;
  status: number;
}

export interface FakeTwilio {
  /** Base URL for the client (TWILIO_BASE_URL). */
  url: string;
  messages: FakeTwilioMessage[];
  /** Scripts the next `times` answers with an HTTP status and Twilio error code. */
  respondWith(status: number, code?: number, times?: number): void;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for Twilio's Messages API on 127.0.0.1: checks HTTP basic auth (account SID
 * and auth token), records the form and answers 201 with a message SID, unless scripted otherwise.
 */
export async function startFakeTwilio(opts: { accountSid: string; authToken: string }): Promise<FakeTwilio> {
  const messages: FakeTwilioMessage[] = [];
  const script: { status: number; code: number; remaining: number }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return json(404, { code: 20404, message: 'Not found', status: 404 });
      const expected = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected || m[1] !== opts.accountSid) {
        return json(401, { code: 20003, message: 'Authenticate', status: 401 });
      }
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const next = script[0];
      if (next && --next.remaining <= 0) script.shift();
      const status = next?.status ?? 201;
      messages.push({ accountSid: m[1], form, status });
      if (status !== 201) return json(status, { code: next?.code, message: `scripted ${status}`, status });
      json(201, { sid: `SM${randomBytes(16).toString('hex')}`, status: 'queued', to: form.To, from: form.From ?? null, body: form.Body });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    respondWith(status, code = 21211, times = 1) {
      script.push({ status, code, remaining: times });
    },
    reset() {
      messages.length = 0;
      script.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
