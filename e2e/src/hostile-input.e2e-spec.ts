import { randomBytes } from 'node:crypto';
import { ApiResponse, startStack, Stack } from '@sesame/testing';
import { CALLBACK_URL, createLink, createTenant, eventually, expectStatus, Tenant, tokenOfUrl } from './support/fixtures';

jest.setTimeout(120_000);

/**
 * Values that are well-formed JSON but that Postgres cannot store (U+0000, unpaired surrogates) or
 * that the recursive code past the parser cannot walk (deep nesting, huge arrays). Each used to
 * answer 500 and write an error-level stack trace; each must be a 400 naming the field.
 * The API client sends objects through JSON.stringify, which writes lone surrogates as `\ud800`
 * escapes: the bytes on the wire are valid UTF-8, exactly what a hostile client would send.
 */
const CHARACTERS: Array<[string, string]> = [
  ['U+0000', 'a\u0000b'],
  ['a lone high surrogate', 'a\uD800b'],
  ['a lone low surrogate', 'a\uDC00b'],
];
const deep = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;

type Shape = 'native' | 'entrust' | 'passage';

interface Route {
  name: string;
  method: string;
  path: () => string;
  key: () => string | undefined;
  /** A valid body with `value` at `field`. */
  body: (value: unknown) => Record<string, unknown>;
  field: string;
  shape: Shape;
}

/** The stable code and the messages of an error in the route's own shape. */
function errorOf(res: ApiResponse, shape: Shape): { code?: string; text: string } {
  const b = res.body;
  if (shape === 'entrust') return { code: b?.errorCode, text: JSON.stringify(b?.parameters ?? []) + String(b?.errorMessage) };
  if (shape === 'passage') return { code: b?.code, text: String(b?.error) };
  return { code: b?.error?.code, text: JSON.stringify(b?.error?.details ?? {}) + String(b?.error?.message) };
}

const levelOf = (line: string): string | undefined => {
  try {
    return (JSON.parse(line) as { level?: string }).level;
  } catch {
    return undefined;
  }
};

describe('hostile input', () => {
  let stack: Stack;
  let tenant: Tenant;
  let userId = '';
  let linkToken = '';

  const routes: Route[] = [
    { name: 'POST /v1/magic-links (context_data)', method: 'POST', path: () => '/v1/magic-links', key: () => tenant.api_key,
      body: (v) => ({ email: 'ok@example.com', send: false, context_data: { note: v } }), field: 'context_data.note', shape: 'native' },
    { name: 'POST /v1/magic-links (email)', method: 'POST', path: () => '/v1/magic-links', key: () => tenant.api_key,
      body: (v) => ({ email: v, send: false }), field: 'email', shape: 'native' },
    { name: 'POST /v1/magic-links/authenticate (user_agent)', method: 'POST', path: () => '/v1/magic-links/authenticate', key: () => tenant.api_key,
      body: (v) => ({ token: randomBytes(32).toString('base64url'), user_agent: v }), field: 'user_agent', shape: 'native' },
    { name: 'POST /v1/users (attributes)', method: 'POST', path: () => '/v1/users', key: () => tenant.api_key,
      body: (v) => ({ email: 'attrs@example.com', attributes: { plan: v } }), field: 'attributes.plan', shape: 'native' },
    { name: 'PUT /v1/templates/login/en (subject)', method: 'PUT', path: () => '/v1/templates/login/en', key: () => tenant.api_key,
      body: (v) => ({ subject: v, html: '<a href="{{link}}">in</a>', text: '{{link}}' }), field: 'subject', shape: 'native' },
    { name: 'PATCH /v1/policy (app.name)', method: 'PATCH', path: () => '/v1/policy', key: () => tenant.api_key,
      body: (v) => ({ app: { name: v } }), field: 'app.name', shape: 'native' },
    { name: 'POST /v1/public/{slug}/magic-links (email, no API key)', method: 'POST', path: () => `/v1/public/${tenant.slug}/magic-links`, key: () => undefined,
      body: (v) => ({ email: v }), field: 'email', shape: 'native' },
    { name: 'Auth Armor register/start (context_data)', method: 'POST', path: () => '/compat/autharmor/v3/users/magiclink_email/register/start', key: () => tenant.api_key,
      body: (v) => ({ email_address: 'aa@example.com', registration_redirect_url: CALLBACK_URL, context_data: { ref: v } }), field: 'context_data.ref', shape: 'native' },
    { name: 'Entrust PUT magiclink (redirectUrl)', method: 'PUT', path: () => `/api/web/v1/users/${userId}/magiclink`, key: () => tenant.api_key,
      body: (v) => ({ redirectUrl: v }), field: 'redirectUrl', shape: 'entrust' },
    { name: 'Passage create magic link (email)', method: 'POST', path: () => `/compat/passage/v1/apps/${tenant.id}/magic-links`, key: () => tenant.api_key,
      body: (v) => ({ email: v, send: false }), field: 'email', shape: 'passage' },
  ];

  beforeAll(async () => {
    stack = await startStack({ label: 'hostile' });
    tenant = await createTenant(stack);
    userId = expectStatus(await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'entrust.user@example.com' } }), 201, 'POST /v1/users').body.id;
    linkToken = tokenOfUrl((await createLink(stack, tenant.api_key, { email: 'hosted@example.com', send: false })).url, stack.baseUrl);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const send = (r: Route, value: unknown) => stack.api(r.path(), { method: r.method, key: r.key(), body: r.body(value) });

  describe.each(routes.map((r) => [r.name, r] as const))('%s', (_name, route) => {
    it.each(CHARACTERS)('refuses %s with 400 validation_failed naming the field', async (_what, value) => {
      const res = await send(route, value);
      const error = errorOf(res, route.shape);
      expect({ status: res.status, code: error.code }).toEqual({ status: 400, code: 'validation_failed' });
      expect(error.text).toContain(route.field);
    });

    it('refuses arrays nested 2,000 deep (4 KB) with 400 malformed_json', async () => {
      const res = await send(route, deep(2000));
      expect({ status: res.status, code: errorOf(res, route.shape).code }).toEqual({ status: 400, code: 'malformed_json' });
    });

    it('refuses an array of 1,001 elements with 400 validation_failed naming the field', async () => {
      const res = await send(route, new Array(1001).fill(0));
      const error = errorOf(res, route.shape);
      expect({ status: res.status, code: error.code }).toEqual({ status: 400, code: 'validation_failed' });
      expect(error.text).toContain(route.field);
    });
  });

  it('accepts emoji and other valid surrogate pairs everywhere', async () => {
    const link = await stack.api('/v1/magic-links', { key: tenant.api_key, body: { email: 'emoji@example.com', send: false, context_data: { note: 'hi 👋 𝒜' } } });
    expect(link.status).toBe(201);
    const user = await stack.api('/v1/users', { key: tenant.api_key, body: { email: 'emoji.user@example.com', attributes: { mood: '🎉' } } });
    expect([user.status, user.body.attributes]).toEqual([201, { mood: '🎉' }]);
    const policy = await stack.api('/v1/policy', { method: 'PATCH', key: tenant.api_key, body: { app: { name: 'Acme 🚀' } } });
    expect([policy.status, policy.body.app?.name]).toEqual([200, 'Acme 🚀']);
  });

  it.each([
    ['a query string', 'GET', () => '/v1/users?email=a%00b%40example.com', 'email'],
    ['a path parameter', 'GET', () => '/v1/magic-links/a%00b', 'id'],
    ['a form post to the hosted confirm page', 'POST', () => `/l/${linkToken}`, 'confirm'],
    ['a form post to the hosted sign-in page', 'POST', () => `/p/${tenant.slug}/sign-in`, 'email'],
  ])('refuses U+0000 in %s with 400 validation_failed naming the field', async (_what, method, path, field) => {
    const form = method === 'POST';
    const res = await stack.api(path(), {
      method, key: form ? undefined : tenant.api_key,
      ...(form ? { body: `${field}=a%00b`, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    });
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(res.body.error.details.fields[0].field).toBe(field);
  });

  it('left the hosted link it was refused on unconsumed', async () => {
    const res = await stack.api(`/l/${linkToken}`);
    expect(res.status).toBe(200);
  });

  it('404 and 405 answers never echo the path, and so never a token', async () => {
    const token = randomBytes(32).toString('base64url');
    for (const [method, path] of [['GET', `/l/${token}/x`], ['POST', `/l/${token}/x/y`], ['GET', `/v1/${token}`], ['DELETE', `/v1/policy?t=${token}`]]) {
      const res = await stack.api(path, { method, key: tenant.api_key });
      expect([404, 405]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain(token);
      expect(JSON.stringify(res.body)).not.toContain('/l/');
    }
  });

  it('wrote no error-level log line for any of it', () => {
    const errors = stack.logs().filter((line) => ['error', 'fatal'].includes(levelOf(line) ?? ''));
    expect(errors).toEqual([]);
  });

  it('logs a failed SQL statement by SQLSTATE and constraint, without its text or parameters', async () => {
    // A constraint the application knows nothing about stands in for a bug: the statement fails.
    const email = `forced-failure-${randomBytes(4).toString('hex')}@example.com`;
    await stack.db.pool.query(`ALTER TABLE users ADD CONSTRAINT e2e_forced_failure CHECK (email <> '${email}')`);
    try {
      const before = stack.logs().length;
      const res = await stack.api('/v1/users', { key: tenant.api_key, body: { email, attributes: { secret_note: 'parameter-value-7f3a' } } });
      expect(res.status).toBe(500);
      const lines = await eventually(async () => {
        const found = stack.logs().slice(before).filter((l) => l.includes('e2e_forced_failure'));
        return found.length ? found : null;
      }, 10_000, 100);
      expect(lines).not.toBeNull();
      for (const line of lines ?? []) {
        expect(JSON.parse(line)).toMatchObject({ err: { sqlState: '23514', constraint: 'e2e_forced_failure' } });
        for (const leak of [email, 'parameter-value-7f3a', tenant.id, 'INSERT', 'Failing row']) expect(line).not.toContain(leak);
      }
    } finally {
      await stack.db.pool.query('ALTER TABLE users DROP CONSTRAINT e2e_forced_failure');
    }
  });

  it('leaves every process running', () => {
    for (const p of stack.processes) expect({ name: p.name, exitCode: p.child.exitCode }).toEqual({ name: p.name, exitCode: null });
  });
});
