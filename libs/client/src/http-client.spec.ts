import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateLimitedError, Sesame, SesameConnectionError, SesameError } from './index';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server on 127.0.0.1 answering each request with the next scripted handler (the last one repeats). */
async function scriptedServer(...handlers: Handler[]): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handlers[Math.min(seen.length, handlers.length) - 1](req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) =>
  void res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req-${status}`, ...headers }).end(JSON.stringify(body));
const apiError = (status: number, code: string, headers: Record<string, string> = {}, details?: unknown) => json(status, { error: { code, message: `${code} happened`, details } }, headers);
/** Closes the connection after reading the request: the caller cannot know whether it was processed. */
const drop: Handler = (req) => req.socket.destroy();
const never: Handler = () => undefined;

const LINK = { id: 'a1', status: 'active' };

describe('Sesame HTTP client against a local server', () => {
  let server: Awaited<ReturnType<typeof scriptedServer>> | undefined;
  const client = async (...handlers: Handler[]) => {
    server = await scriptedServer(...handlers);
    return new Sesame({ apiKey: 'sk_test', baseUrl: server.url });
  };
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends the key and JSON, and returns the parsed answer', async () => {
    const sesame = await client(json(201, { ...LINK, url: 'http://x/l/t' }));
    const link = await sesame.magicLinks.create({ email: 'ada@example.com', send: false });
    expect(link).toEqual({ ...LINK, url: 'http://x/l/t' });
    const [req] = server!.seen;
    expect([req.method, req.url, req.headers.authorization, req.headers['content-type']]).toEqual(['POST', '/v1/magic-links', 'Bearer sk_test', 'application/json']);
    expect(JSON.parse(req.body)).toEqual({ email: 'ada@example.com', send: false });
  });

  it('retries a 503 after its Retry-After, and a GET whose connection dropped', async () => {
    const sesame = await client(apiError(503, 'service_unavailable', { 'retry-after': '0' }), drop, json(200, LINK));
    await expect(sesame.magicLinks.get('a1')).resolves.toEqual(LINK);
    expect(server!.seen.map((r) => r.url)).toEqual(['/v1/magic-links/a1', '/v1/magic-links/a1', '/v1/magic-links/a1']);
  });

  it('keeps one generated Idempotency-Key across the retries of a create', async () => {
    const sesame = await client(drop, apiError(409, 'idempotency_in_progress'), apiError(503, 'service_unavailable', { 'retry-after': '0' }), json(201, LINK));
    await expect(sesame.magicLinks.create({ email: 'ada@example.com' }, { maxRetries: 3 })).resolves.toEqual(LINK);
    const keys = server!.seen.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the caller\'s Idempotency-Key, and sends none when retries are off', async () => {
    const sesame = await client(json(201, LINK));
    await sesame.magicLinks.create({ email: 'ada@example.com' }, { idempotencyKey: 'order-42' });
    await sesame.magicLinks.create({ email: 'ada@example.com' }, { maxRetries: 0 });
    await sesame.users.create({ email: 'ada@example.com' });
    expect(server!.seen.map((r) => r.headers['idempotency-key'])).toEqual(['order-42', undefined, undefined]);
  });

  it('does not repeat a POST without Idempotency-Key whose connection dropped: it may have been processed', async () => {
    const sesame = await client(drop, json(200, {}));
    const err = await sesame.magicLinks.exchange({ code: 'c' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SesameConnectionError);
    expect(err).toMatchObject({ status: 0, code: 'network_error' });
    expect(server!.seen).toHaveLength(1);
  });

  it('retries any request after a 429 within maxRetryDelayMs, and gives a longer wait to the caller as RateLimitedError', async () => {
    const sesame = await client(apiError(429, 'rate_limited', { 'retry-after': '0' }, { retry_after: 0 }), json(200, { user: { id: 'u' } }), apiError(429, 'rate_limited', { 'retry-after': '120' }, { retry_after: 120 }));
    await expect(sesame.magicLinks.exchange({ code: 'c' })).resolves.toEqual({ user: { id: 'u' } });
    const err = await sesame.magicLinks.exchange({ code: 'c' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toBeInstanceOf(SesameError);
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 120, requestId: 'req-429', details: { retry_after: 120 } });
    expect(server!.seen).toHaveLength(3);
  });

  it('stops after maxRetries and throws the last answer', async () => {
    server = await scriptedServer(apiError(503, 'service_unavailable', { 'retry-after': '0' }));
    const sesame = new Sesame({ apiKey: 'sk_test', baseUrl: server.url, maxRetries: 2 });
    await expect(sesame.users.get('u1')).rejects.toMatchObject({ status: 503, code: 'service_unavailable', retryAfter: 0 });
    expect(server.seen).toHaveLength(3);
  });

  it('maps an error answer to SesameError with its code, details and request id; one without the API\'s body by its status', async () => {
    const fields = [{ field: 'email', message: 'email must be a valid email address' }];
    const sesame = await client(
      apiError(400, 'validation_failed', {}, { fields }),
      (_req, res) => void res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'),
      (_req, res) => void res.writeHead(302, { location: 'http://attacker.example/collect' }).end(),
    );
    await expect(sesame.users.create({ email: 'nope' })).rejects.toMatchObject({
      name: 'SesameError', status: 400, code: 'validation_failed', message: 'validation_failed happened', details: { fields }, requestId: 'req-400',
    });
    await expect(sesame.users.list().toArray()).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'HTTP 502' });
    // A redirect is not followed: the key goes nowhere but baseUrl.
    await expect(sesame.users.get('u1')).rejects.toMatchObject({ status: 302, code: 'http_302' });
    expect(server!.seen).toHaveLength(3);
  });

  it('times an attempt out, and retries a timed-out GET', async () => {
    const sesame = await client(never, never, json(200, LINK));
    const err = await sesame.magicLinks.exchange({ code: 'c' }, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout', status: 0 });
    expect(server!.seen).toHaveLength(1);
    await expect(sesame.magicLinks.get('a1', { timeoutMs: 50 })).resolves.toEqual(LINK);
    expect(server!.seen).toHaveLength(3);
  });

  it('stops at once when the caller aborts, during an attempt or the wait before a retry', async () => {
    const sesame = await client(never);
    const during = new AbortController();
    const pending = sesame.magicLinks.get('a1', { signal: during.signal });
    await new Promise((r) => setTimeout(r, 20));
    during.abort(new Error('user left'));
    await expect(pending).rejects.toThrow('user left');

    await server!.close();
    server = await scriptedServer(apiError(503, 'service_unavailable', { 'retry-after': '30' }));
    const waiting = new Sesame({ apiKey: 'sk_test', baseUrl: server.url });
    const controller = new AbortController();
    const call = waiting.users.get('u1', { signal: controller.signal });
    while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('cancelled'));
    await expect(call).rejects.toThrow('cancelled');
    expect(server.seen).toHaveLength(1);
  });

  it('reports a refused connection, retrying it even for a POST', async () => {
    const probe = await scriptedServer(never);
    const url = probe.url;
    await probe.close();
    const sesame = new Sesame({ apiKey: 'sk_test', baseUrl: url, maxRetries: 1 });
    await expect(sesame.magicLinks.exchange({ code: 'c' })).rejects.toMatchObject({ name: 'SesameConnectionError', code: 'connection_refused', status: 0 });
  });

  it('iterates every page of a list, and requests no more once the loop stops', async () => {
    const page = (ids: string[], next: string | null): Handler => json(200, { data: ids.map((id) => ({ id })), next_cursor: next });
    const sesame = await client(page(['u3', 'u2'], 'c2'), page(['u1'], null), page(['u3', 'u2'], 'c2'));
    const ids: string[] = [];
    for await (const user of sesame.users.list({ limit: 2, status: 'active' })) ids.push(user.id);
    expect(ids).toEqual(['u3', 'u2', 'u1']);
    expect(server!.seen.map((r) => r.url)).toEqual(['/v1/users?limit=2&status=active', '/v1/users?limit=2&status=active&cursor=c2']);
    for await (const user of sesame.users.list({ limit: 2 })) {
      expect(user.id).toBe('u3');
      break;
    }
    expect(server!.seen).toHaveLength(3);
  });

  it('encodes path parameters as one segment and keeps a base URL\'s path prefix', async () => {
    server = await scriptedServer((_req, res) => void res.writeHead(204).end());
    const sesame = new Sesame({ apiKey: 'sk_test', baseUrl: `${server.url}/sesame/` });
    await expect(sesame.users.delete('../api-keys/x?y')).resolves.toBeUndefined();
    await sesame.templates.delete('login', 'pt-BR');
    expect(server.seen.map((r) => r.url)).toEqual(['/sesame/v1/users/..%2Fapi-keys%2Fx%3Fy', '/sesame/v1/templates/login/pt-BR']);
  });

  it('refuses to start without a key or with a base URL that is not http(s)', () => {
    expect(() => new Sesame({ apiKey: '', baseUrl: 'http://127.0.0.1' })).toThrow(/apiKey/);
    expect(() => new Sesame({ apiKey: 'k', baseUrl: 'ftp://x' })).toThrow(/baseUrl/);
  });
});
