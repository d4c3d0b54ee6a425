import Fastify, { FastifyInstance } from 'fastify';
import { installSameOriginForms } from './same-origin-forms';

const ORIGIN = 'https://auth.example.com';

/** The hook on a real Fastify instance: which hosted form POSTs reach their handler. */
describe('same-origin hosted forms', () => {
  let app: FastifyInstance;
  const reached: string[] = [];

  beforeAll(async () => {
    app = Fastify();
    installSameOriginForms(app, `${ORIGIN}`);
    for (const route of ['/l/:token', '/l/:token/password', '/p/:slug/sign-in', '/p/:slug/sign-in/:id/code', '/v1/public/:slug/magic-links']) {
      app.post(route, async (req) => {
        reached.push(req.url);
        return 'handled';
      });
    }
    app.get('/l/:token', async () => 'page');
    await app.ready();
  });
  afterAll(() => app.close());
  beforeEach(() => reached.splice(0));

  const post = (url: string, headers: Record<string, string>) => app.inject({ method: 'POST', url, headers, payload: '' });

  it.each([
    ['cross-site fetch metadata', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }],
    ['same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'https://app.example.com' }],
    ['cross-site even with a matching Origin', { 'sec-fetch-site': 'cross-site', origin: ORIGIN }],
    ['another Origin, no fetch metadata', { origin: 'https://evil.example' }],
    ['Origin: null (sandboxed frame, data: document)', { origin: 'null' }],
    ['our host on another scheme', { origin: 'http://auth.example.com' }],
    ['our host on another port', { origin: 'https://auth.example.com:8443' }],
  ])('refuses %s with the 403 page, before the handler runs', async (_label, headers) => {
    for (const url of ['/l/tok', '/l/tok/password', '/p/acme/sign-in', '/p/acme/sign-in/abc/code']) {
      const res = await post(url, headers);
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('must be submitted from the page it is on');
    }
    expect(reached).toEqual([]);
  });

  it.each([
    ['same-origin fetch metadata', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
    ['a navigation the user started', { 'sec-fetch-site': 'none' }],
    ['our Origin, no fetch metadata', { origin: ORIGIN }],
    ['neither header (not a browser form post)', {}],
  ])('lets through %s', async (_label, headers) => {
    const res = await post('/l/tok', headers);
    expect(res.statusCode).toBe(200);
    expect(reached).toEqual(['/l/tok']);
  });

  it('leaves GETs and the JSON API (CORS governs it) alone', async () => {
    expect((await app.inject({ method: 'GET', url: '/l/tok', headers: { 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(200);
    expect((await post('/v1/public/acme/magic-links', { 'sec-fetch-site': 'cross-site', origin: 'https://app.example' })).statusCode).toBe(200);
  });
});
