import type { Stack } from '@sesame/testing';
import { ConsumeRecord, CreateRecord, Ledger } from './ledger';

export interface LoadOptions {
  /** Link creations per second. */
  rate: number;
  apiKey: string;
  /** Every n-th create asks for a redirect outside the allow-list (refused, never mailed). */
  refuseEvery: number;
  /** Share of mailed links that are then consumed (twice, concurrently). */
  consumeShare: number;
  /** Most requests in flight; beyond it a tick is skipped rather than piling up on a hung gateway. */
  maxInFlight: number;
  requestTimeoutMs: number;
}

const TOKEN_IN_MAIL = /\/l\/([A-Za-z0-9_-]{43})/;

/**
 * Steady traffic through the gateway, the way integrators and end users make it: create a link
 * (every request with an address of its own), read the token from the mail the fake SendGrid took,
 * then use it twice at once. Everything is written to the ledger.
 */
export class LoadGenerator {
  readonly ledger = new Ledger();
  private timer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<void>>();
  private mailSeen = 0;
  private seq = 0;
  /** Ticks skipped because maxInFlight requests were still waiting. */
  skipped = 0;

  constructor(private readonly stack: Stack, private readonly opts: LoadOptions) {}

  start(): void {
    const tickMs = 100;
    const perTick = this.opts.rate / (1000 / tickMs);
    let owed = 0;
    this.timer = setInterval(() => {
      owed += perTick;
      for (; owed >= 1; owed--) {
        if (this.inFlight.size >= this.opts.maxInFlight) this.skipped++;
        else this.track(this.create());
      }
      this.consumeNewMail();
    }, tickMs);
  }

  /** Stops creating; resolves when every request in flight has its answer. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Consumes the mail that arrived since the last call (also used while draining). */
  consumeNewMail(): void {
    const requests = this.stack.sendgrid.requests;
    for (; this.mailSeen < requests.length; this.mailSeen++) {
      const mail = requests[this.mailSeen];
      if (mail.status < 200 || mail.status >= 300) continue;
      const deliveryId: string | undefined = mail.body?.custom_args?.sesame_delivery_id;
      const token = JSON.stringify(mail.body?.content ?? '').match(TOKEN_IN_MAIL)?.[1];
      if (!deliveryId || !token || !chosen(deliveryId, this.opts.consumeShare)) continue;
      this.track(this.consume(deliveryId, token));
      this.track(this.consume(deliveryId, token));
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async create(): Promise<void> {
    const seq = ++this.seq;
    const meantToBeRefused = seq % this.opts.refuseEvery === 0;
    const rec: CreateRecord = { seq, email: `u${seq}-${Date.now().toString(36)}@load.test`, meantToBeRefused, startedAt: Date.now() };
    this.ledger.creates.push(rec);
    const body = {
      email: rec.email,
      ttl_seconds: 3600,
      ...(meantToBeRefused ? { redirect_url: 'https://evil.example/steal' } : {}),
    };
    const res = await this.post('/v1/magic-links', body);
    Object.assign(rec, { finishedAt: Date.now(), status: res.status, errorCode: res.errorCode, linkId: res.body?.id });
  }

  private async consume(deliveryId: string, token: string): Promise<void> {
    const rec: ConsumeRecord = { deliveryId, startedAt: Date.now() };
    this.ledger.consumes.push(rec);
    const res = await this.post('/v1/magic-links/authenticate', { token });
    Object.assign(rec, { finishedAt: Date.now(), status: res.status, linkId: res.body?.link_id });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async post(path: string, body: object): Promise<{ status: number; body?: any; errorCode?: string }> {
    try {
      const res = await fetch(this.stack.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.opts.apiKey}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.requestTimeoutMs),
      });
      const json = (await res.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
      return { status: res.status, body: json, errorCode: json?.error?.code };
    } catch (err) {
      return { status: 0, errorCode: networkErrorCode(err) };
    }
  }
}

/** Deterministic sampling by id, so a mail seen twice (a duplicate send) is treated the same way. */
function chosen(id: string, share: number): boolean {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (h % 1000) / 1000 < share;
}

/** `ECONNREFUSED` (never reached the gateway), `ECONNRESET` / `UND_ERR_SOCKET` (cut mid-request), `TimeoutError`. */
function networkErrorCode(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string } };
  return e.cause?.code ?? e.name ?? 'unknown';
}
