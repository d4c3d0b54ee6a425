import { randomBytes, randomUUID } from 'node:crypto';
import { startStack, Stack } from '@sesame/testing';
import { APP_ORIGIN, createApiKey, createLink, createTenant, Tenant } from './support/fixtures';

jest.setTimeout(120_000);

type KeyKind = 'root' | 'admin' | 'limited' | 'none' | 'bogus';

interface Case {
  /** `:link` in the path is replaced by the id of an existing link. */
  path: string;
  method?: string;
  body?: unknown;
  key?: KeyKind;
  headers?: Record<string, string>;
  /** Expected status (one of, when a list); any 4xx when omitted. */
  status?: number | number[];
  code?: string;
}

const randomToken = () => randomBytes(32).toString('base64url');
const MALFORMED = '{"email":';
const BIG = 'x'.repeat(70 * 1024);

/** Valid bodies per POST endpoint, with the key that may call it. */
const POSTS: Array<{ path: string; key: KeyKind; valid: Record<string, unknown>; scoped: boolean }> = [
  { path: '/v1/tenants', key: 'root', valid: { name: 'Bad Input Co', app_origin: APP_ORIGIN }, scoped: false },
  { path: '/v1/api-keys', key: 'admin', valid: { name: 'k', scopes: ['magic_links:view'] }, scoped: true },
  { path: '/v1/magic-links', key: 'admin', valid: { email: 'valid@example.com', send: false }, scoped: true },
  { path: '/v1/magic-links/authenticate', key: 'admin', valid: { token: randomToken() }, scoped: true },
  { path: '/v1/magic-links/exchange', key: 'admin', valid: { code: 'abcdefghijklmnop' }, scoped: true },
  { path: '/v1/webhook-endpoints', key: 'admin', valid: { url: 'http://127.0.0.1:9/hook', events: ['*'] }, scoped: true },
  { path: '/v1/templates/login/en/test-send', key: 'admin', valid: { to: 'valid@example.com' }, scoped: true },
];

const generic: Array<[string, Case]> = POSTS.flatMap(({ path, key, valid, scoped }): Array<[string, Case]> => [
  [`${path}: malformed JSON`, { path, key, body: MALFORMED, status: 400, code: 'malformed_json' }],
  [`${path}: empty object`, { path, key, body: {}, status: 400 }],
  [`${path}: JSON array`, { path, key, body: [valid], status: 400 }],
  [`${path}: JSON string`, { path, key, body: '"hello"', status: 400 }],
  [`${path}: unknown field`, { path, key, body: { ...valid, bogus_field: 1 }, status: 400 }],
  [`${path}: body over 64 KB`, { path, key, body: { ...valid, padding: BIG }, status: 413, code: 'payload_too_large' }],
  [`${path}: text/plain body`, { path, key, body: JSON.stringify(valid), headers: { 'content-type': 'text/plain' }, status: [400, 415] }],
  [`${path}: no API key`, { path, key: 'none', body: valid, status: 401, code: 'unauthorized' }],
  [`${path}: unknown API key`, { path, key: 'bogus', body: valid, status: 401, code: 'unauthorized' }],
  scoped
    ? [`${path}: key without the scope`, { path, key: 'limited', body: valid, status: 403, code: 'insufficient_scope' }]
    : [`${path}: tenant key instead of the root key`, { path, key: 'admin', body: valid, status: [401, 403] }],
]);

const link = (extra: Record<string, unknown>): Case => ({ path: '/v1/magic-links', key: 'admin', body: { email: 'valid@example.com', send: false, ...extra }, status: 400 });
const tenantBody = (extra: Record<string, unknown>): Case => ({ path: '/v1/tenants', key: 'root', body: { name: 'T', app_origin: APP_ORIGIN, ...extra }, status: 400 });
const template = (extra: Record<string, unknown>, path = '/v1/templates/login/en'): Case => ({
  path, method: 'PUT', key: 'admin', body: { subject: 'Hi', html: '<a href="{{link}}">in</a>', text: '{{link}}', ...extra }, status: 400,
});
const webhook = (extra: Record<string, unknown>): Case => ({ path: '/v1/webhook-endpoints', key: 'admin', body: { url: 'http://127.0.0.1:9/hook', events: ['*'], ...extra }, status: 400 });

const specific: Array<[string, Case]> = [
  ['tenant: name is a number', tenantBody({ name: 123 })],
  ['tenant: empty name', tenantBody({ name: '' })],
  ['tenant: app_origin not a URL', tenantBody({ app_origin: 'not a url' })],
  ['tenant: redirect list is a string', tenantBody({ allowed_redirect_urls: `${APP_ORIGIN}/cb` })],
  ['tenant: plain-http redirect to a public host', tenantBody({ allowed_redirect_urls: ['http://evil.example.com/cb'] })],
  ['tenant: javascript: redirect', tenantBody({ allowed_redirect_urls: ['javascript:alert(1)'] })],
  ['api key: unknown scope', { path: '/v1/api-keys', key: 'admin', body: { name: 'k', scopes: ['bogus'] }, status: 400 }],
  ['api key: scopes is a string', { path: '/v1/api-keys', key: 'admin', body: { name: 'k', scopes: 'admin' }, status: 400 }],
  ['api key: no name', { path: '/v1/api-keys', key: 'admin', body: { scopes: ['admin'] }, status: 400 }],
  ['link: neither email nor user_id', { path: '/v1/magic-links', key: 'admin', body: { send: false }, status: 400 }],
  ['link: both email and user_id', link({ user_id: randomUUID() })],
  ['link: bad email', link({ email: 'not-an-email' })],
  ['link: email is a number', link({ email: 42 })],
  ['link: unknown type', { ...link({ type: 'teleport' }), code: 'unknown_type' }],
  ['link: type is a number', link({ type: 7 })],
  ['link: ttl 0', link({ ttl_seconds: 0 })],
  ['link: ttl negative', link({ ttl_seconds: -5 })],
  ['link: ttl over 24 h', link({ ttl_seconds: 86401 })],
  ['link: ttl not a number', link({ ttl_seconds: 'abc' })],
  ['link: ttl fractional', link({ ttl_seconds: 1.5 })],
  ['link: send is a string', link({ send: 'yes' })],
  ['link: context_data value an object (values are strings, numbers, booleans or null)', link({ context_data: { a: { b: 1 } } })],
  ['link: context_data is a string', link({ context_data: 'x' })],
  ['link: context_data is an array', link({ context_data: ['x'] })],
  ['link: redirect to a foreign host', { ...link({ redirect_url: 'https://evil.example.com/cb' }), code: 'redirect_not_allowed' }],
  ['link: protocol-relative redirect', { ...link({ redirect_url: '//evil.example.com/cb' }), code: 'redirect_not_allowed' }],
  ['link: javascript: redirect', link({ redirect_url: 'javascript:alert(1)' })],
  ['link: redirect is a number', link({ redirect_url: 123 })],
  ['link: user_id is a number', { path: '/v1/magic-links', key: 'admin', body: { user_id: 123, send: false }, status: 400 }],
  ['link: unknown user_id', { path: '/v1/magic-links', key: 'admin', body: { user_id: randomUUID(), send: false }, status: 404, code: 'not_found' }],
  ['link: language is a number', link({ language: 5 })],
  ['link: ip_address not an IP', link({ ip_address: 'not-an-ip' })],
  ['link: Idempotency-Key of 300 chars', { ...link({}), headers: { 'idempotency-key': 'k'.repeat(300) }, status: undefined }],
  ['get link: bad UUID', { path: '/v1/magic-links/not-a-uuid', key: 'admin', status: [400, 404] }],
  ['get link: 150-char id', { path: `/v1/magic-links/${'a'.repeat(150)}`, key: 'admin', status: [400, 404, 414] }],
  ['get link: bad percent-encoding in the path', { path: '/v1/magic-links/%E0%A4%A', key: 'admin', status: 400 }],
  ['get link: unknown id', { path: `/v1/magic-links/${randomUUID()}`, key: 'admin', status: 404, code: 'not_found' }],
  ['get link: no API key', { path: '/v1/magic-links/:link', key: 'none', status: 401, code: 'unauthorized' }],
  ['get link: key without the scope', { path: '/v1/magic-links/:link', key: 'limited', status: 403, code: 'insufficient_scope' }],
  ['list links: limit 0', { path: '/v1/magic-links?limit=0', key: 'admin', status: 400 }],
  ['list links: limit not a number', { path: '/v1/magic-links?limit=abc', key: 'admin', status: 400 }],
  ['list links: limit too large', { path: '/v1/magic-links?limit=100000', key: 'admin', status: 400 }],
  ['list links: unknown status', { path: '/v1/magic-links?status=bogus', key: 'admin', status: 400 }],
  ['list links: garbage cursor', { path: '/v1/magic-links?cursor=%21%21not-a-cursor', key: 'admin', status: 400 }],
  ['list links: user_id not a UUID', { path: '/v1/magic-links?user_id=not-a-uuid', key: 'admin', status: 400 }],
  ['list links: key without the scope', { path: '/v1/magic-links', key: 'limited', status: 403, code: 'insufficient_scope' }],
  ['revoke link: bad UUID', { method: 'DELETE', path: '/v1/magic-links/not-a-uuid', key: 'admin', status: [400, 404] }],
  ['revoke link: unknown id', { method: 'DELETE', path: `/v1/magic-links/${randomUUID()}`, key: 'admin', status: 404, code: 'not_found' }],
  ['revoke link: no API key', { method: 'DELETE', path: '/v1/magic-links/:link', key: 'none', status: 401, code: 'unauthorized' }],
  ['revoke link: key without the scope', { method: 'DELETE', path: '/v1/magic-links/:link', key: 'limited', status: 403, code: 'insufficient_scope' }],
  ['authenticate: token is a number', { path: '/v1/magic-links/authenticate', key: 'admin', body: { token: 123 }, status: 400 }],
  ['authenticate: empty token', { path: '/v1/magic-links/authenticate', key: 'admin', body: { token: '' }, status: [400, 401] }],
  ['authenticate: short token', { path: '/v1/magic-links/authenticate', key: 'admin', body: { token: 'short' }, status: [400, 401] }],
  ['authenticate: unknown token', { path: '/v1/magic-links/authenticate', key: 'admin', body: { token: randomToken() }, status: 401, code: 'invalid_token' }],
  ['authenticate: ip_address not an IP', { path: '/v1/magic-links/authenticate', key: 'admin', body: { token: randomToken(), ip_address: 'x' }, status: 400 }],
  ['exchange: code is a number', { path: '/v1/magic-links/exchange', key: 'admin', body: { code: 5 }, status: 400 }],
  ['exchange: unknown code', { path: '/v1/magic-links/exchange', key: 'admin', body: { code: 'nope-nope-nope-nope' }, status: [400, 401] }],
  ['webhook: url not a URL', webhook({ url: 'not a url' })],
  ['webhook: ftp url', webhook({ url: 'ftp://127.0.0.1/hook' })],
  ['webhook: unknown event', webhook({ events: ['bogus.event'] })],
  ['webhook: events is a string', webhook({ events: '*' })],
  ['webhook: no events', webhook({ events: [] })],
  ['webhook: description is a number', webhook({ description: 5 })],
  ['template: script element', { ...template({ html: '<script>x</script>{{link}}' }), code: 'invalid_template' }],
  ['template: event handler', { ...template({ html: '<a href="{{link}}" onmouseover="x()">in</a>' }), code: 'invalid_template' }],
  ['template: unknown variable', { ...template({ text: '{{link}} {{password}}' }), code: 'invalid_template' }],
  ['template: triple mustache', { ...template({ html: '<a href="{{{link}}}">in</a>' }), code: 'invalid_template' }],
  ['template: no link', { ...template({ text: 'no link' }), code: 'invalid_template' }],
  ['template: unclosed section', { ...template({ text: '{{#code}}{{link}}' }), code: 'invalid_template' }],
  ['template: subject is a number', template({ subject: 5 })],
  ['template: unknown type', { ...template({}, '/v1/templates/teleport/en'), code: 'unknown_type' }],
  ['template: unsupported language', { ...template({}, '/v1/templates/login/klingon'), code: 'unsupported_language' }],
  ['template: 150-char type', { path: `/v1/templates/${'a'.repeat(150)}/en`, key: 'admin', status: [400, 404, 414] }],
  ['template: key without the scope', { path: '/v1/templates', key: 'limited', status: 403, code: 'insufficient_scope' }],
  ['template: delete without an override', { method: 'DELETE', path: '/v1/templates/login/en', key: 'admin', status: 404, code: 'not_found' }],
  ['template preview: unsafe unsaved body', { path: '/v1/templates/login/en/preview', key: 'admin', body: { subject: 'x', html: '<iframe>{{link}}', text: '{{link}}' }, status: 400, code: 'invalid_template' }],
  ['template preview: action_name is a number', { path: '/v1/templates/login/en/preview', key: 'admin', body: { action_name: 5 }, status: 400 }],
  ['template test-send: bad address', { path: '/v1/templates/login/en/test-send', key: 'admin', body: { to: 'not-an-email' }, status: 400 }],
  ['unknown route', { path: '/v1/does-not-exist', key: 'admin', status: 404 }],
  ['unsupported method on a collection', { method: 'PATCH', path: '/v1/magic-links', key: 'admin', body: {}, status: [404, 405] }],
];

/** Every way an integrator can get a request wrong ends in a 4xx with a stable error code, never a 5xx. */
describe('bad input', () => {
  let stack: Stack;
  let tenant: Tenant;
  const keys: Record<KeyKind, string | undefined> = { root: undefined, admin: undefined, limited: undefined, none: undefined, bogus: `sk_${randomBytes(24).toString('hex')}` };
  let linkId = '';

  beforeAll(async () => {
    stack = await startStack({ label: 'badinput' });
    tenant = await createTenant(stack);
    keys.root = stack.rootKey;
    keys.admin = tenant.api_key;
    keys.limited = await createApiKey(stack, tenant.api_key, ['users:read']);
    linkId = (await createLink(stack, tenant.api_key, { email: 'target@example.com', send: false })).id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each([...generic, ...specific])('%s', async (_name, c) => {
    const res = await stack.api(c.path.replace(':link', linkId), {
      method: c.method ?? (c.body === undefined ? 'GET' : 'POST'),
      body: c.body,
      key: keys[c.key ?? 'admin'],
      headers: c.headers,
    });
    const problems: string[] = [];
    if (res.status < 400 || res.status >= 500) problems.push('status is not a 4xx');
    if (c.status !== undefined && ![c.status].flat().includes(res.status)) problems.push(`status is not ${[c.status].flat().join(' or ')}`);
    if (!/application\/json/.test(res.headers.get('content-type') ?? '')) problems.push('body is not JSON');
    const error = typeof res.body === 'object' ? res.body?.error : undefined;
    if (typeof error?.code !== 'string' || !/^[a-z_]+$/.test(error.code)) problems.push('error.code is not a snake_case string');
    else if (c.code && error.code !== c.code) problems.push(`error.code is not ${c.code}`);
    if (typeof error?.message !== 'string') problems.push('error.message is not a string');
    const got = `${res.status} ${res.headers.get('content-type')} ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`;
    if (problems.length) throw new Error(`${problems.join('; ')}\n  got: ${got.slice(0, 400)}`);
  });

  it.each([
    ['GET of a short token', 'GET', '/l/short'],
    ['GET of an unknown token', 'GET', `/l/${randomToken()}`],
    ['POST of an unknown token', 'POST', `/l/${randomToken()}`],
    ['GET of a 5,000-char token', 'GET', `/l/${'a'.repeat(5000)}`],
    ['GET with bad percent-encoding', 'GET', '/l/%E0%A4%A'],
  ])('hosted page: %s answers a 4xx HTML page', async (_name, method, path) => {
    const res = await stack.api(path, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' } : {}) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('leaves every process running and the target link untouched', async () => {
    for (const p of stack.processes) expect({ name: p.name, exitCode: p.child.exitCode }).toEqual({ name: p.name, exitCode: null });
    const res = await stack.api(`/v1/magic-links/${linkId}`, { key: tenant.api_key });
    expect(res.body.status).toBe('active');
  });
});
