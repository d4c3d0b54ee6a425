import http, { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { classifySendGridAnswer, headerValue } from './sendgrid-errors';
import type { MailMessage, MailTransport, SendResult } from './mail-transport';
import type { SendGridOptions } from './sendgrid.transport';
import { TransportError } from './transport-error';

const DEFAULT_BASE_URL = 'https://api.sendgrid.com';
/** An error body is read for its first message only; a larger one is cut off. */
const MAX_ERROR_BODY = 64 * 1024;

/**
 * SendGrid v3 `POST /v3/mail/send` over Node's own HTTP client with a keep-alive pool, the
 * default way the mail-worker talks to SendGrid. It sends the body `@sendgrid/mail` would build
 * from the same message (the spec compares the two) and answers with the same rules: 2xx accepted
 * (X-Message-Id), 429 waits until X-RateLimit-Reset, 408/5xx/timeouts/network errors are retried,
 * other 4xx are permanent. What it saves per message is the official client's work around one
 * request (axios' configuration merging and adapters, the helper classes' deep key conversion),
 * which the mail profile showed to be most of the worker's own CPU per send.
 */
export class SendGridHttpTransport implements MailTransport {
  readonly name = 'sendgrid';
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly authorization: string;

  constructor(private readonly opts: SendGridOptions & { maxSockets?: number }) {
    // Appended like the official client (axios baseURL + url), so a proxy's path prefix is kept.
    this.url = new URL(`${(opts.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '')}/v3/mail/send`);
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    // One connection per concurrent send, kept open between sends: no TCP/TLS handshake per mail.
    this.agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64, scheduling: 'lifo' });
    this.authorization = `Bearer ${opts.apiKey}`;
  }

  async send(msg: MailMessage): Promise<SendResult> {
    const body = JSON.stringify(sendGridMailBody(msg));
    const answer = await this.post(body);
    if (answer.status >= 200 && answer.status < 300) {
      return { provider: this.name, messageId: headerValue(answer.headers, 'x-message-id') ?? null };
    }
    if (answer.status >= 300 && answer.status < 400) throw new TransportError(`SendGrid answered ${answer.status}`, false);
    throw classifySendGridAnswer(answer.status, answer.headers, parseJson(answer.body));
  }

  /** Closes the idle pooled connections (the worker is stopping). */
  close(): void {
    this.agent.destroy();
  }

  private post(body: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
    const client = this.url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          authorization: this.authorization,
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      // The whole exchange, as the official client's timeout: a provider that accepts the
      // connection and then stalls must not hold the send past SENDGRID_TIMEOUT_MS.
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), this.opts.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new TransportError(`SendGrid request failed: ${err.code ?? err.message}`.slice(0, 250), false));
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        // A 2xx body is empty and unused, but must still be read for the socket to be reused.
        const keep = status < 200 || status >= 300;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (keep && text.length < MAX_ERROR_BODY) text += chunk;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status, headers: res.headers, body: text });
        });
        res.on('error', () => undefined); // the request's 'error' (aborted, timeout) rejects
      });
      req.end(body);
    });
  }
}

/**
 * The v3 mail/send body of one message, as `@sendgrid/mail` builds it: addresses written
 * "Name <address>" split like its helpers do, text/plain before text/html (the API requires
 * that order), click and open tracking off, our ids as custom args.
 */
export function sendGridMailBody(msg: MailMessage): Record<string, unknown> {
  return {
    from: emailAddress(msg.from),
    subject: msg.subject,
    personalizations: [{ to: [emailAddress(msg.to)] }],
    content: [{ value: msg.text, type: 'text/plain' }, { value: msg.html, type: 'text/html' }],
    // Click tracking would rewrite the magic link through SendGrid's redirector: the token
    // would pass through a third party and the link would no longer be the one we issued.
    tracking_settings: { click_tracking: { enable: false, enable_text: false }, open_tracking: { enable: false } },
    custom_args: { sesame_delivery_id: msg.deliveryId, sesame_tenant_id: msg.tenantId },
  };
}

function emailAddress(s: string): { email: string; name?: string } {
  const open = s.indexOf('<');
  if (open === -1) return { email: s };
  const name = s.slice(0, open).trim();
  const email = s.slice(open + 1).split('<')[0].replace('>', '').trim();
  return name ? { email, name } : { email };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
