import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { startStack, Stack } from '@sesame/testing';
import { expectStatus, sleep } from '../support/fixtures';
import { CampaignResult, formatTable, runCampaign } from './campaign';
import { logProblems, Secrets } from './checks';
import { APP_ORIGIN, CALLBACK, Fixtures } from './examples';
import { Operation, operationsOf } from './operations';

/**
 * The OpenAPI-driven fuzz suite: every operation of the gateway's own document (and every hosted
 * page) × every hostile value class, against the five real processes. `npm test` runs a bounded
 * pass with a fixed seed; `npm run test:fuzz` a long one (docs/fuzzing.md). Env: FUZZ_SEED,
 * FUZZ_RUNS (cases per cell), FUZZ_SECONDS, FUZZ_CONCURRENCY, FUZZ_ONLY, FUZZ_REPORT (a file for the table).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 120);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 6);

jest.setTimeout((SECONDS + 240) * 1000);

const ALL_SCOPES = ['magic_links:add', 'magic_links:view', 'magic_links:remove', 'users:read', 'users:write', 'webhooks:manage', 'audit:read', 'admin'];
/** Generous limits for the test tenant: the suite must reach validation, not the rate limiter, on every operation. */
const OPEN_LIMITS = Object.fromEntries(['email_per_minute', 'email_per_hour', 'ip_public', 'failed_per_ip', 'failed_per_link'].map((rule) => [rule, { points: 1_000_000, window_seconds: 1 }]));
/**
 * A valid request refused by authentication, the rate limiter or validation: the suite's example is
 * not valid, so its mutations would not reach the checks behind validation.
 */
const NOT_REACHED = ['unauthorized', 'forbidden', 'insufficient_scope', 'rate_limited', 'validation_failed', 'invalid_request'];

describe('fuzz: every operation × every hostile value class', () => {
  let stack: Stack;
  let ops: Operation[];
  let result: CampaignResult;
  let secrets: Secrets;

  beforeAll(async () => {
    // Loopback is the only proxy: the suite spreads its callers over many X-Forwarded-For addresses.
    stack = await startStack({ label: 'fuzz', env: { TRUST_PROXY: 'loopback' } });
    const fixtures = await createFixtures(stack);
    const admin = await adminKey(stack, fixtures.adminKey);
    const doc = (await stack.api('/docs/json')).body;
    ops = operationsOf(doc, fixtures);
    const keyHashes = await stack.db.pool.query<{ key_hash: string }>('SELECT key_hash FROM api_keys');
    secrets = {
      'root key': stack.rootKey, 'admin key': admin, 'tenant key': fixtures.adminKey, 'token pepper': stack.env.TOKEN_PEPPER.split(':')[1],
      ...Object.fromEntries(keyHashes.rows.map((r, i) => [`key hash ${i + 1}`, r.key_hash.trim()])),
    };
    console.log(`fuzz: seed ${SEED} (replay: FUZZ_SEED=${SEED}), ${RUNS} case(s) per cell, at most ${SECONDS} s, ${ops.length} operations`);
    result = await runCampaign(stack.baseUrl, ops, { admin, root: stack.rootKey }, secrets, { seed: SEED, runs: RUNS, seconds: SECONDS, concurrency: CONCURRENCY, only: process.env.FUZZ_ONLY });
    const table = formatTable(result, SEED);
    console.log(table);
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, `${table}\n`);
    await sleep(1500); // let the workers finish logging what the requests caused
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('covers every documented operation and every hosted page', () => {
    const ids = ops.map((o) => o.id);
    expect(ids.length).toBeGreaterThan(60);
    for (const id of ['POST /v1/magic-links', 'PUT /api/web/v1/users/{userid}/magiclink', 'POST /compat/passage/v1/apps/{app_id}/magic-links', 'POST /p/{tenant_slug}/sign-in', 'POST /l/{token}']) {
      expect(ids).toContain(id);
    }
    if (process.env.FUZZ_ONLY) return;
    const untouched = [...result.cells].flatMap(([op, byClass]) => [...byClass].filter(([, c]) => c.requests === 0).map(([vc]) => `${op} :: ${vc}`));
    expect(untouched).toEqual([]);
  });

  it("gets every operation's valid request past authentication, rate limits and validation", () => {
    const blocked = [...result.base].filter(([, b]) => b.status >= 500 || (b.code !== undefined && NOT_REACHED.includes(b.code))).map(([op, b]) => `${op}: ${b.status} ${b.code}`);
    expect(blocked).toEqual([]);
  });

  it('answers every hostile request below 500, in the error schema, with no internal detail', () => {
    const report = result.violations.map((v) => `${v.op} :: ${v.valueClass} (round ${v.round}) → ${v.status}: ${v.problems.join('; ')}\n    ${v.mutation}`);
    if (result.violationCount > report.length) report.push(`… and ${result.violationCount - report.length} more`);
    expect(report).toEqual([]);
  });

  it('logs nothing at error level, and no address, key, key hash or sealed value at warn or error level', () => {
    // The deployment's own sender address is configuration, not a client's data.
    expect(logProblems(stack.logs(), secrets, [String(stack.env.MAIL_FROM ?? 'no-reply@sesame.test')])).toEqual([]);
  });
});

async function createFixtures(stack: Stack): Promise<Fixtures & { adminKey: string }> {
  const tenant = expectStatus(await stack.api('/v1/tenants', { key: stack.rootKey, body: { name: 'Fuzz Co', app_origin: APP_ORIGIN, allowed_redirect_urls: [CALLBACK] } }), 201, 'POST /v1/tenants').body;
  const key = tenant.api_key as string;
  const api = (path: string, body?: unknown, status = 201) => stack.api(path, { key, body }).then((r) => expectStatus(r, status, path).body);
  await api('/v1/policy', undefined, 200);
  // Open the self-service sign-up page too, so its valid request reaches past the policy check.
  await stack.api('/v1/policy', { key, method: 'PATCH', body: { rate_limits: OPEN_LIMITS, users: { self_registration: true } } })
    .then((r) => expectStatus(r, 200, 'PATCH /v1/policy'));
  const user = await api('/v1/users', { email: 'fixture@example.com' });
  const link = await api('/v1/magic-links', { user_id: user.id, send: false });
  const reset = await api('/v1/magic-links', { user_id: user.id, send: false, type: 'password_reset' });
  const endpoint = await api('/v1/webhook-endpoints', { url: stack.receiver.url, events: ['*'] });
  await stack.api(`/v1/webhook-endpoints/${endpoint.id}/test`, { key, method: 'POST' });
  const deliveries = await stack.api(`/v1/webhook-endpoints/${endpoint.id}/deliveries`, { key });
  const application = await api('/v1/applications', { name: 'fixture-app', auth_flow: 'magic_link' });
  const flow = await api('/v1/auth-flows', { application: application.id, email: 'fixture-flow@example.com' });
  const request = await stack.api(`/v1/public/${tenant.slug}/magic-links`, { body: { email: 'fixture-public@example.com' } });
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const spareUser = await api('/v1/users', { email: 'fixture-spare@example.com' });
  const spareLink = await api('/v1/magic-links', { user_id: user.id, send: false });
  const spareReset = await api('/v1/magic-links', { user_id: user.id, send: false, type: 'password_reset' });
  const spare = {
    userId: spareUser.id, linkId: spareLink.id, token: tokenOf(spareLink.url), resetToken: tokenOf(spareReset.url),
    endpointId: (await api('/v1/webhook-endpoints', { url: stack.receiver.url, events: ['*'] })).id,
    applicationId: (await api('/v1/applications', { name: 'fixture-spare-app', auth_flow: 'magic_link' })).id,
    otherTenantId: await otherTenant(stack, 'Other Spare Co'),
    apiKeyId: (await api('/v1/api-keys', { name: 'fixture-spare-key', scopes: ['magic_links:view'] })).id,
  };
  return {
    adminKey: key, tenantId: tenant.id, slug: tenant.slug, userId: user.id, linkId: link.id, token: tokenOf(link.url), resetToken: tokenOf(reset.url),
    endpointId: endpoint.id, deliveryId: deliveries.body?.data?.[0]?.id ?? randomUUID(), applicationId: application.id, applicationName: application.name,
    authFlowId: flow.id, requestId: request.body?.request_id ?? randomUUID(), spare,
    otherTenantId: await otherTenant(stack, 'Other Co'),
    apiKeyId: (await api('/v1/api-keys', { name: 'fixture-key', scopes: ['magic_links:view'] })).id,
    consoleUserId: (await api('/v1/console-users', { email: 'fixture-console@example.com', role: 'viewer' })).id,
  };
}

/** A tenant of its own for the operator routes: disabling or deleting it leaves the suite's tenant working. */
async function otherTenant(stack: Stack, name: string): Promise<string> {
  const res = await stack.api('/v1/tenants', { key: stack.rootKey, body: { name, app_origin: APP_ORIGIN } });
  return expectStatus(res, 201, 'POST /v1/tenants').body.id;
}

/** A key holding every scope, made with the tenant's own admin key. */
async function adminKey(stack: Stack, tenantKey: string): Promise<string> {
  const res = await stack.api('/v1/api-keys', { key: tenantKey, body: { name: 'fuzz all scopes', scopes: ALL_SCOPES } });
  return expectStatus(res, 201, 'POST /v1/api-keys').body.key;
}
