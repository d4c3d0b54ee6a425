import { CreatedWebhookEndpoint, Sesame, verifyWebhook } from '@sesame/client';
import { apiRequest, startStack, Stack } from '@sesame/testing';
import { APP_ORIGIN, CALLBACK_URL, createApiKey, eventually, linkTokens, mailOf, mailPart, mapConcurrent, sleep, sumMetric } from './support/fixtures';

// Start-up of ten processes is bounded by startStack (SESAME_E2E_READY_MS); the run itself by this.
jest.setTimeout(120_000);

const LINKS = 200;
const IN_FLIGHT = 20;
/** The stack's scheduler ticks every second (startStack's PURGE/RECONCILE intervals). */
const TICK_MS = 1000;

const recipientOf = (request: { body: unknown }) => mailOf(request).personalizations[0].to[0].email;

/** How many receipts beyond the first each key has, summed: 0 when every key came once. */
function duplicates(keys: string[]): number {
  return keys.length - new Set(keys).size;
}

/**
 * Two of every process on one Redis and one database, the way a Kubernetes deployment runs them:
 * clients alternate between the two gateways while links are created, mailed, authenticated and
 * their webhooks delivered. Nothing may happen twice, and work must reach both replicas.
 */
describe('two replicas of every process', () => {
  let stack: Stack;
  let clients: Sesame[];
  let tenantKey: string;
  let endpoint: CreatedWebhookEndpoint;

  beforeAll(async () => {
    stack = await startStack({
      label: 'replicas',
      gatewayReplicas: 2,
      replicas: { 'token-service': 2, 'mail-worker': 2, scheduler: 2, 'webhook-dispatcher': 2 },
      // Ten processes and the test share a loaded machine: a provider call that times out while the
      // fake still accepts it is resent (a timeout is ambiguous), a duplicate this test is not about.
      env: { SENDGRID_TIMEOUT_MS: '30000' },
    });
    const operator = new Sesame({ apiKey: stack.rootKey, baseUrl: stack.gatewayUrls[1] });
    const tenant = await operator.tenants.create({ name: `Replicas ${Date.now()}`, app_origin: APP_ORIGIN, allowed_redirect_urls: [CALLBACK_URL] });
    tenantKey = tenant.api_key;
    clients = stack.gatewayUrls.map((baseUrl) => new Sesame({ apiKey: tenantKey, baseUrl }));
    endpoint = await clients[0].webhookEndpoints.create({ url: stack.receiver.url, events: ['magiclink.email.sent'] });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const metricOf = async (app: string, name: string, labels: Record<string, string>) => {
    const replicas = stack.processes.filter((p) => p.app === app);
    return Promise.all(replicas.map(async (p) => sumMetric(await stack.metrics(p.name), name, labels)));
  };
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it(`mails, authenticates and reports ${LINKS} links (${IN_FLIGHT} in flight) exactly once each`, async () => {
    expect(stack.processes.map((p) => p.app).sort()).toEqual(
      ['gateway', 'mail-worker', 'scheduler', 'token-service', 'webhook-dispatcher'].flatMap((app) => [app, app]),
    );
    const runsBefore = sum(await metricOf('scheduler', 'sesame_scheduler_runs_total', { job: 'purge-expired-links' }));
    const started = Date.now();
    const runId = started.toString(36);
    const emails = Array.from({ length: LINKS }, (_, i) => `user${i}.${runId}@example.com`);

    const links = await mapConcurrent(emails, IN_FLIGHT, (email, i) => clients[i % 2].magicLinks.create({ email, redirect_url: CALLBACK_URL, send: true }));
    expect(new Set(links.map((l) => l.id)).size).toBe(LINKS);

    const tokenOf = new Map<string, string>();
    await eventually(async () => {
      for (const request of stack.sendgrid.accepted) {
        const mail = mailOf(request);
        tokenOf.set(recipientOf(request), linkTokens(mailPart(mail, 'text/html'), stack.baseUrl)[0]);
      }
      return tokenOf.size >= LINKS;
    }, 60_000);
    expect(emails.filter((email) => !tokenOf.get(email))).toEqual([]);
    const verified = await mapConcurrent(emails, IN_FLIGHT, (email, i) => clients[(i + 1) % 2].magicLinks.authenticate({ token: tokenOf.get(email)! }));
    expect(verified.map((v) => v.link_id).sort()).toEqual(links.map((l) => l.id).sort());

    const eventIds = () => stack.receiver.received.filter((w) => w.body.includes('magiclink.email.sent')).map((w) => w.headers['webhook-id']);
    await eventually(async () => new Set(eventIds()).size >= LINKS, 30_000);
    await sleep(2000); // a late duplicate email or webhook would arrive here
    const elapsedMs = Date.now() - started;

    const recipients = stack.sendgrid.requests.map(recipientOf);
    const hooks = eventIds();
    const linkIdsInHooks = stack.receiver.received.map((w) => (JSON.parse(w.body) as { data?: { link_id?: string } }).data?.link_id ?? '');
    const schedulerRuns = sum(await metricOf('scheduler', 'sesame_scheduler_runs_total', { job: 'purge-expired-links' })) - runsBefore;
    const rpcServed = await metricOf('token-service', 'sesame_rpc_requests_total', { pattern: 'links.create' });
    const mailJobs = await metricOf('mail-worker', 'sesame_mail_jobs_total', { job: 'send-link' });
    const counts = {
      links: LINKS,
      emails: recipients.length,
      duplicateEmails: duplicates(recipients),
      emailsAbandonedByWorker: stack.sendgrid.requests.filter((r) => r.clientGone).length,
      webhooks: hooks.length,
      duplicateWebhooks: duplicates(hooks),
      duplicateWebhooksPerLink: duplicates(linkIdsInHooks),
      schedulerRuns,
      schedulerTicks: Math.ceil(elapsedMs / TICK_MS),
      rpcLinksCreateByTokenService: rpcServed,
      sendLinkJobsByMailWorker: mailJobs,
      seconds: Math.round(elapsedMs / 1000),
    };
    console.log(`[replicas] ${JSON.stringify(counts)}`);

    expect(new Set(recipients)).toEqual(new Set(emails));
    expect(counts.duplicateEmails).toBe(0);
    expect(new Set(hooks).size).toBe(LINKS);
    expect(counts.duplicateWebhooks).toBe(0);
    expect(counts.duplicateWebhooksPerLink).toBe(0);
    // One purge per tick cluster-wide; one per scheduler replica would be about twice the ticks.
    expect(schedulerRuns).toBeGreaterThanOrEqual(1);
    expect(schedulerRuns).toBeLessThanOrEqual(counts.schedulerTicks + 1);
    // Either token-service answers RPC: both took some of the creates, and together all of them.
    for (const n of rpcServed) expect(n).toBeGreaterThan(0);
    expect(sum(rpcServed)).toBeGreaterThanOrEqual(LINKS);
    const hook = stack.receiver.received[0];
    expect(verifyWebhook(endpoint.secret, hook.headers, hook.body).type).toBe('magiclink.email.sent');
  });

  it('a policy change holds on every gateway and token-service as soon as the PATCH answers', async () => {
    let n = 0;
    const create = () => apiRequest(stack.gatewayUrls[n % 2], '/v1/magic-links', { key: tenantKey, body: { email: `policy${n++}@example.com`, type: 'password_reset', send: false } });
    const served = () => metricOf('token-service', 'sesame_rpc_requests_total', { pattern: 'links.create' });
    /** Creates, ten at a time, until each token-service answered one (competing consumers share them unevenly). */
    const untilBothServed = async () => {
      const before = await served();
      const answers: string[] = [];
      for (let round = 0; round < 20; round++) {
        const batch = await mapConcurrent([...Array(10).keys()], 4, create);
        answers.push(...batch.map((r) => `${r.status} ${(r.body as { error?: { code?: string } }).error?.code ?? ''}`.trim()));
        if ((await served()).every((x, i) => x > before[i])) return answers;
      }
      throw new Error(`one token-service took every create: ${JSON.stringify(await served())}`);
    };
    // Both token-services (and both gateways) now hold the tenant and its policy in their caches.
    const warm = await untilBothServed();
    expect(new Set(warm)).toEqual(new Set(['201']));

    const off = await apiRequest(stack.gatewayUrls[0], '/v1/policy', { method: 'PATCH', key: tenantKey, body: { links: { password_reset: { enabled: false } } } });
    expect(off.status).toBe(200);
    try {
      // No wait: a replica serving its cached policy would let creates through for its TTL (5 s).
      const after = await untilBothServed();
      expect(new Set(after)).toEqual(new Set(['403 type_disabled']));
    } finally {
      await apiRequest(stack.gatewayUrls[0], '/v1/policy', { method: 'PATCH', key: tenantKey, body: { links: { password_reset: { enabled: null } } } });
    }
  });

  it('refuses a revoked API key on both gateways', async () => {
    const key = await createApiKey(stack, tenantKey, ['magic_links:view'], 'replicas');
    const onBoth = async () => Promise.all(stack.gatewayUrls.map(async (url) => (await apiRequest(url, '/v1/magic-links?limit=1', { key })).status));
    expect(await onBoth()).toEqual([200, 200]); // both gateways now hold it in their key cache

    const { data } = (await apiRequest(stack.gatewayUrls[0], '/v1/api-keys?limit=100', { key: tenantKey })).body as { data: { id: string; name: string }[] };
    const id = data.find((k) => k.name === 'replicas')!.id;
    expect((await apiRequest(stack.gatewayUrls[0], `/v1/api-keys/${id}`, { method: 'DELETE', key: tenantKey })).status).toBe(204);
    // The other gateway learns of it by pub/sub within milliseconds, not at its cache's TTL.
    await eventually(async () => (await onBoth()).every((s) => s === 401), 3000, 50);
    expect(await onBoth()).toEqual([401, 401]);
  });
});
