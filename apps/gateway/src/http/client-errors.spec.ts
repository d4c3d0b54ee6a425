import { AddressInfo, connect } from 'node:net';
import Fastify, { FastifyInstance } from 'fastify';
import { clientErrorHandler } from './client-errors';

/** Writes raw bytes and reads until the server closes the connection. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parse(raw: string): { status: number; headers: string; body: unknown } {
  const [head, body] = raw.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) };
}

describe('clientErrorHandler (requests the HTTP parser refuses)', () => {
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    app = Fastify({ clientErrorHandler });
    app.get('/', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  it('answers a NUL in a header with 400 invalid_request in the error body, and closes', async () => {
    const res = parse(await rawExchange(port, 'GET / HTTP/1.1\r\nhost: x\r\nuser-agent: a\u0000b\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_request', message: 'The request is not well-formed HTTP' } });
    expect(res.headers).toContain('connection: close');
    expect(res.headers).toContain('content-type: application/json');
  });

  it('answers headers over the size limit with 431 headers_too_large', async () => {
    const res = parse(await rawExchange(port, `GET / HTTP/1.1\r\nhost: x\r\ncookie: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(res.body).toEqual({ error: { code: 'headers_too_large', message: 'The request line and headers are too large' } });
  });

  it('leaves well-formed requests alone', async () => {
    const raw = await rawExchange(port, 'GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect(raw.startsWith('HTTP/1.1 200')).toBe(true);
  });
});
