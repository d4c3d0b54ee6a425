import Fastify, { FastifyInstance } from 'fastify';
import { installClientIpCheck } from './client-ip';

describe('installClientIpCheck (fuzz finding: a non-IP X-Forwarded-For reached the audit log as the client IP)', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    // Like TRUST_PROXY=loopback: inject() connects from 127.0.0.1, so X-Forwarded-For names the client.
    app = Fastify({ trustProxy: 'loopback' });
    installClientIpCheck(app);
    app.get('/v1/ip', async (req) => ({ ip: req.ip }));
    app.get('/l/:token', async () => 'page');
    await app.ready();
  });
  afterAll(() => app.close());

  it.each([['203.0.113.9'], ['2001:db8::1'], ['198.51.100.1, 203.0.113.9']])('passes a client address %s', async (xff) => {
    const res = await app.inject({ url: '/v1/ip', headers: { 'x-forwarded-for': xff } });
    expect(res.statusCode).toBe(200);
  });

  it('passes a request without X-Forwarded-For (the peer is the client)', async () => {
    expect((await app.inject({ url: '/v1/ip' })).json()).toEqual({ ip: '127.0.0.1' });
  });

  it.each([['not-an-ip'], ['😀'.repeat(50)], ['203.0.113.9, [[[[']])('refuses X-Forwarded-For %s with 400 invalid_request', async (xff) => {
    const res = await app.inject({ url: '/v1/ip', headers: { 'x-forwarded-for': xff } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'invalid_request', message: 'X-Forwarded-For does not name the client by an IP address' } });
  });

  it('answers a hosted link page with the HTML problem page', async () => {
    const res = await app.inject({ url: '/l/abc', headers: { 'x-forwarded-for': 'not-an-ip' } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
