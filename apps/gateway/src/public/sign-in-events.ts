import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInStatusResponse } from '@sesame/messaging';

const POLL_MS = 1000;
/** A stream ends after this even while pending; the client reconnects (EventSource does so itself). */
const MAX_STREAM_MS = 5 * 60_000;

/**
 * Server-sent events for a waiting sign-in request, fed by the same status look-up as the poll
 * (once a second, in the gateway), so a page can listen instead of polling.
 */
export class SignInEvents {
  constructor(private readonly status: () => Promise<SignInStatusResponse>) {}

  async stream(req: FastifyRequest, reply: FastifyReply, first: SignInStatusResponse): Promise<void> {
    reply.hijack();
    const headers = { ...reply.getHeaders(), 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' };
    reply.raw.writeHead(200, headers as Record<string, string>);
    let closed = false;
    req.raw.on('close', () => (closed = true));
    const send = (s: SignInStatusResponse) => reply.raw.write(`event: status\ndata: ${JSON.stringify(s)}\n\n`);
    const started = Date.now();
    let last = first;
    send(first);
    while (!closed && last.status === 'pending' && Date.now() - started < MAX_STREAM_MS) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (closed) break;
      try {
        const next = await this.status();
        if (next.status !== last.status || next.code) send(next);
        last = next;
      } catch {
        break; // the client reconnects
      }
    }
    reply.raw.end();
  }
}
