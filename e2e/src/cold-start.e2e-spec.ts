import { startStack, Stack } from '@sesame/testing';
import { APP_ORIGIN, createLink, expectStatus, mailOf, sleep, Tenant } from './support/fixtures';

jest.setTimeout(180_000);

/** The heartbeat TTL token-service runs with (RPC_HEARTBEAT_TTL_MS's default) plus the gateway's 1 s readiness cache. */
const NOT_READY_WITHIN_MS = 3000 + 1000;
/** Room for a busy machine: polling, a late timer. */
const SLACK_MS = 2000;

async function readiness(stack: Stack): Promise<{ status: number; body: { checks?: Record<string, string> } }> {
  const res = await fetch(`${stack.baseUrl}/health/ready`);
  return { status: res.status, body: (await res.json()) as { checks?: Record<string, string> } };
}

async function msUntilReadiness(stack: Stack, status: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while ((await readiness(stack)).status !== status) {
    if (Date.now() - started > timeoutMs) throw new Error(`/health/ready still not ${status} after ${timeoutMs} ms`);
    await sleep(100);
  }
  return Date.now() - started;
}

/**
 * The gateway starts alone and takes a request; token-service (and later the mail-worker) start
 * afterwards. Nothing sent while a consumer was missing is lost, and the gateway's readiness
 * follows whether a token-service is consuming.
 */
describe('cold start: the gateway before token-service', () => {
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    // RPC_TIMEOUT_MS: a token-service may take a while to boot on a busy machine; the request must wait for it.
    stack = await startStack({ label: 'coldstart', deferred: ['token-service', 'mail-worker'], env: { RPC_TIMEOUT_MS: '30000' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is live but not ready, saying why, while no token-service runs', async () => {
    await sleep(1500); // longer than the readiness cache: this is a fresh look, not the first probe's
    const ready = await readiness(stack);
    expect(ready.status).toBe(503);
    expect(ready.body.checks?.['token-service']).toMatch(/no token-service is consuming/);
    expect((await fetch(`${stack.baseUrl}/health/live`)).status).toBe(200);
  });

  it('answers a request sent while token-service is starting, once it is up', async () => {
    const sent = Date.now();
    const answer = stack.api<Tenant>('/v1/tenants', { key: stack.rootKey, body: { name: 'Cold start', app_origin: APP_ORIGIN } });
    await sleep(1500);
    const tokenService = stack.start('token-service');

    tenant = expectStatus(await answer, 201, 'POST /v1/tenants sent before token-service started').body;
    await tokenService;
    expect(tenant.api_key).toEqual(expect.any(String));
    const tenants = await stack.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants WHERE id = $1', [tenant.id]);
    expect(tenants.rows[0].n).toBe(1);
    expect(Date.now() - sent).toBeGreaterThan(1500);
  });

  it('turns ready once a token-service heartbeat is current', async () => {
    await msUntilReadiness(stack, 200, 5000);
    expect(await readiness(stack)).toEqual({ status: 200, body: { status: 'ok', checks: { 'token-service': 'ok', shutdown: 'ok' } } });
  });

  it('keeps a mail queued while no mail-worker runs, and sends it once one starts', async () => {
    await createLink(stack, tenant.api_key, { email: 'late-worker@example.com', send: true });
    await sleep(1500);
    expect(stack.sendgrid.requests).toHaveLength(0);

    await stack.start('mail-worker');
    const [request] = await stack.sendgrid.waitFor(1, 30_000);
    expect(mailOf(request).personalizations[0].to[0].email).toBe('late-worker@example.com');
  });

  it('turns not ready within a few seconds of the last token-service being SIGKILLed, and stays live', async () => {
    await stack.kill('token-service', 'SIGKILL');

    const ms = await msUntilReadiness(stack, 503, NOT_READY_WITHIN_MS + SLACK_MS);
    expect(ms).toBeLessThan(NOT_READY_WITHIN_MS + SLACK_MS);
    expect((await readiness(stack)).body.checks?.['token-service']).toMatch(/no token-service is consuming/);
    expect((await fetch(`${stack.baseUrl}/health/live`)).status).toBe(200);
  });
});
