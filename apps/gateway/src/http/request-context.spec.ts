import Fastify, { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Histogram, Registry } from 'prom-client';
import { currentDeadline } from '@sesame/observability';
import { installRequestContext } from './request-context';

describe('installRequestContext (access log)', () => {
  let app: FastifyInstance;
  let lines: Array<Record<string, unknown>>;

  beforeAll(async () => {
    const logger = pino({ level: 'info', messageKey: 'msg' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const duration = new Histogram({ name: 'test_duration_seconds', help: 'test', labelNames: ['method', 'route', 'status'], registers: [new Registry()] });
    app = Fastify();
    installRequestContext(app, logger, duration, 5000);
    app.get('/l/:token', async () => 'page');
    app.get('/deadline', async () => ({ deadline: currentDeadline() }));
    app.get('/health/ready', async () => ({ status: 'ok' }));
    await app.ready();
  });
  beforeEach(() => {
    lines = [];
  });
  afterAll(() => app.close());

  it("gives the request's RPC calls a deadline counted from its arrival (RPC_TIMEOUT_MS)", async () => {
    const before = Date.now();
    const res = await app.inject({ url: '/deadline' });
    const { deadline } = res.json() as { deadline: number };
    expect(deadline).toBeGreaterThanOrEqual(before + 5000 - 50);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 5000);
  });

  it('writes one info line per request with method, route pattern, status, ms and the request id', async () => {
    const res = await app.inject({ url: '/l/secret-token-value', headers: { 'x-request-id': 'req-42' } });

    expect(res.headers['x-request-id']).toBe('req-42');
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'request', method: 'GET', route: '/l/:token', status: 200, ms: expect.any(Number), requestId: 'req-42' })]);
    expect(JSON.stringify(lines)).not.toContain('secret-token-value');
  });

  it('generates a request id when the caller sent none or a malformed one, and logs that id', async () => {
    const res = await app.inject({ url: '/l/x', headers: { 'x-request-id': 'bad id with spaces' } });

    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[0]).toMatchObject({ requestId: res.headers['x-request-id'] });
  });

  it('logs unmatched routes under a fixed name and keeps probe routes below info', async () => {
    await app.inject({ url: '/nope/abc' });
    await app.inject({ url: '/health/ready' });

    expect(lines).toEqual([expect.objectContaining({ route: 'unmatched', status: 404 })]);
  });
});
