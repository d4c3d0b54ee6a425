import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { exposedMetricNames, observabilityQueries, promqlMetricNames, startStack, Stack } from '@sesame/testing';
import { CALLBACK_URL, createLink, createTenant, eventually, expectStatus, sumMetric, Tenant, tokenOfUrl } from './support/fixtures';
import { patchPolicy } from './support/sign-in';

jest.setTimeout(180_000);

const REPO_ROOT = join(__dirname, '../..');
const PROCESSES = ['gateway', 'token-service', 'mail-worker', 'scheduler', 'webhook-dispatcher'];

/**
 * The metrics an operator's Prometheus scrapes, from the five real processes: the gateway serves
 * them only on METRICS_PORT, every query of the shipped alert rules and dashboard reads a metric
 * the stack exports, and the pipeline's counters move when a link goes through it.
 */
describe('Metrics catalogue', () => {
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    stack = await startStack({ label: 'metrics', env: { METRICS_PORT: '0' } });
    tenant = await createTenant(stack, `Metrics ${Date.now()}`);
    expectStatus(await stack.api('/v1/webhook-endpoints', { key: tenant.api_key, body: { url: stack.receiver.url, events: ['*'] } }), 201, 'POST endpoint');
    await patchPolicy(stack, tenant, { rate_limits: { failed_per_ip: { points: 2, window_seconds: 3600 } } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const scrapeAll = async () => Object.fromEntries(await Promise.all(PROCESSES.map(async (p) => [p, await stack.metrics(p)] as const)));
  const sum = (texts: Record<string, string>, process: string, name: string, labels: Record<string, string> = {}) => sumMetric(texts[process], name, labels);

  it('serves the gateway\'s /metrics on METRICS_PORT only, not on the public port', async () => {
    const onPublicPort = await fetch(`${stack.baseUrl}/metrics`);
    expect(onPublicPort.status).toBe(404);
    const text = await stack.metrics('gateway');
    expect(text).toContain('# TYPE sesame_http_request_duration_seconds histogram');
    expect(text).toContain('sesame_ready{service="gateway"} 1');
  });

  it('moves the pipeline counters as a link is created, sent, used, refused, expires and is reported on', async () => {
    const before = await scrapeAll();

    // Sent by email through the (fake) SendGrid, then reported bounced by its signed Event Webhook.
    const sent = await createLink(stack, tenant.api_key, { email: 'ada@example.com', redirect_url: CALLBACK_URL });
    const delivery = await eventually(async () => {
      const { rows } = await stack.db.pool.query(`SELECT id, provider_message_id FROM mail_deliveries WHERE link_id = $1 AND status = 'sent'`, [sent.id]);
      return rows[0] as { id: string; provider_message_id: string } | undefined;
    }, 20_000);
    expect(delivery).toBeDefined();
    const batch = JSON.stringify([{
      email: 'ada@example.com', timestamp: Math.floor(Date.now() / 1000), event: 'bounce', type: 'bounce', reason: '550 5.1.1 no such user',
      sg_event_id: randomBytes(12).toString('base64url'), sg_message_id: `${delivery!.provider_message_id}.filter-1`,
      sesame_delivery_id: delivery!.id, sesame_tenant_id: tenant.id,
    }]);
    const events = await stack.api('/v1/providers/sendgrid/events', { body: batch, headers: stack.sendgrid.eventWebhook.sign(batch) });
    expect(expectStatus(events, 200, 'POST events').body).toMatchObject({ applied: 1 });

    // Used once; a guessed token refused, and refused again until the failed_per_ip limit answers 429.
    const link = await createLink(stack, tenant.api_key, { email: 'bob@example.com', send: false });
    const token = tokenOfUrl(link.url, stack.baseUrl);
    expectStatus(await stack.api('/v1/magic-links/authenticate', { key: tenant.api_key, body: { token } }), 200, 'authenticate');
    const guess = randomBytes(32).toString('base64url');
    const ip = '203.0.113.77';
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await stack.api('/v1/magic-links/authenticate', { key: tenant.api_key, body: { token: guess, ip_address: ip } })).status);
    expect(statuses).toEqual([401, 401, 429]);

    // Expired unused: the scheduler's expired-link purge deletes (and counts) it within seconds.
    const stale = await createLink(stack, tenant.api_key, { email: 'cy@example.com', send: false });
    await stack.db.pool.query(`UPDATE magic_links SET expires_at = now() - interval '1 minute' WHERE id = $1`, [stale.id]);
    await eventually(async () => (await stack.db.pool.query('SELECT 1 FROM magic_links WHERE id = $1', [stale.id])).rowCount === 0, 20_000);

    // The receiver answers 410 Gone from now on: the next webhook disables its endpoint.
    await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('"magiclink.consumed"')), 20_000);
    stack.receiver.respondWith(410);
    await createLink(stack, tenant.api_key, { email: 'dee@example.com', send: false });
    await eventually(async () => (await stack.db.pool.query('SELECT 1 FROM webhook_endpoints WHERE tenant_id = $1 AND NOT enabled', [tenant.id])).rowCount === 1, 20_000);

    const after = await scrapeAll();
    const moved = (process: string, name: string, labels: Record<string, string> = {}) =>
      sum(after, process, name, labels) - sum(before, process, name, labels);
    expect({
      created: moved('token-service', 'sesame_links_created_total', { type: 'login' }),
      consumed: moved('token-service', 'sesame_links_consumed_total', { type: 'login' }),
      guessed: moved('token-service', 'sesame_link_verifications_failed_total', { type: 'unknown', reason: 'invalid_token' }),
      bounced: moved('token-service', 'sesame_email_events_total', { provider: 'sendgrid', event: 'bounce' }),
      emailsSent: moved('mail-worker', 'sesame_provider_sends_total', { channel: 'email', provider: 'sendgrid', outcome: 'sent' }),
      refusals: moved('gateway', 'sesame_rate_limit_refusals_total', { limit: 'failed_per_ip' }),
      disabled: moved('webhook-dispatcher', 'sesame_webhook_endpoints_disabled_total', { reason: 'gone' }),
      expired: moved('scheduler', 'sesame_links_expired_total', { type: 'login' }),
    }).toEqual({ created: 4, consumed: 1, guessed: 2, bounced: 1, emailsSent: 1, refusals: 1, disabled: 1, expired: 1 });
    expect(moved('webhook-dispatcher', 'sesame_webhook_attempts_total', { result: 'success' })).toBeGreaterThanOrEqual(3);
    expect(moved('webhook-dispatcher', 'sesame_webhook_attempts_total', { result: 'gone' })).toBeGreaterThanOrEqual(1);
    expect(moved('gateway', 'sesame_http_request_duration_seconds_count')).toBe(9); // the API calls above; scrapes go to METRICS_PORT
    for (const queue of ['mail', 'webhooks', 'scheduler']) expect(after.scheduler).toMatch(new RegExp(`sesame_queue_waiting_jobs\\{queue="${queue}",service="scheduler"\\} \\d+`));
    expect(after.scheduler).toMatch(/sesame_outbox_unpublished_rows\{service="scheduler"\} \d+/);
  });

  it('exports every metric the alert rules and the dashboard query', async () => {
    const texts = await scrapeAll();
    const exposed = new Set(Object.values(texts).flatMap((t) => [...exposedMetricNames(t)]));
    const queries = observabilityQueries(REPO_ROOT);
    expect(queries.length).toBeGreaterThan(30);
    const missing = queries.flatMap((q) => promqlMetricNames(q.expr).filter((n) => !exposed.has(n)).map((n) => `${n} (${q.source})`));
    expect(missing).toEqual([]);
  });
});
