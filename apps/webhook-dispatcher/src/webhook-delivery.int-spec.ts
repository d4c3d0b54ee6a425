import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { generateWebhookSecret, Sealer } from '@sesame/crypto';
import { webhookEvent } from '@sesame/domain';
import { WEBHOOK_FANOUT_JOB_OPTIONS } from '@sesame/messaging';
import { createTestDatabase, ReceivedWebhook, startWebhookReceiver, TestDatabase, WebhookReceiver } from '@sesame/testing';
import type { Resolver } from '@sesame/webhooks';
import { Dispatcher, eventually, sleep, TEST_PEPPERS } from './testing/dispatcher-harness';

jest.setTimeout(40_000);

/**
 * Delivery as Standard Webhooks 1.0 asks: retries with one webhook-id, 410, redirects, timeouts,
 * Retry-After, rotation, the SSRF guard at delivery time and per-endpoint concurrency.
 */
describe('webhook delivery (real Postgres, Redis, HTTP)', () => {
  let db: TestDatabase;
  let dispatcher: Dispatcher;
  let ds: DataSource;
  const sealer = new Sealer(TEST_PEPPERS);
  const receivers: WebhookReceiver[] = [];
  let tenantId: string;
  let outboxSeq = 0;

  beforeAll(async () => {
    db = await createTestDatabase('webhookdelivery');
    dispatcher = await new Dispatcher().start(db.url, '127.0.0.1', { WEBHOOK_TIMEOUT_MS: '1000' });
    ds = dispatcher.app.get(DataSource);
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await db?.drop();
  });
  beforeEach(async () => {
    tenantId = randomUUID();
    await ds.query(`INSERT INTO tenants (id, slug, name, policy) VALUES ($1, $2, 'Acme', '{"app":{"origin":"https://app.example.com"}}')`, [tenantId, `acme-${tenantId.slice(0, 8)}`]);
  });

  async function receiver(): Promise<WebhookReceiver> {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  }

  async function endpoint(url: string, opts: { previousSecret?: string; failingSince?: string } = {}): Promise<{ id: string; secret: string }> {
    const id = randomUUID();
    const secret = generateWebhookSecret();
    await ds.query(
      `INSERT INTO webhook_endpoints (id, tenant_id, url, events, sealed_secret, previous_sealed_secret, previous_secret_expires_at, failing_since)
       VALUES ($1, $2, $3, '{*}', $4, $5, CASE WHEN $5::bytea IS NULL THEN NULL ELSE now() + interval '1 day' END, $6)`,
      [id, tenantId, url, sealer.seal(secret), opts.previousSecret ? sealer.seal(opts.previousSecret) : null, opts.failingSince ?? null],
    );
    return { id, secret };
  }

  /** One event through fan-out, as the outbox relay publishes it; resolves when the fan-out ran. */
  async function emit(d: Dispatcher = dispatcher): Promise<string> {
    const event = webhookEvent('user.created', { user_id: randomUUID(), email: 'ada@example.com', status: 'active' });
    const outboxId = String(++outboxSeq);
    await d.run('fan-out', { outboxId, tenantId, event }, { ...WEBHOOK_FANOUT_JOB_OPTIONS, jobId: `ob-${outboxId}` });
    return JSON.stringify(event);
  }

  /** Queues an event without waiting for its fan-out (whose first attempts may be slow). */
  async function emitNoWait(d: Dispatcher): Promise<void> {
    const event = webhookEvent('user.created', { user_id: randomUUID(), email: 'ada@example.com', status: 'active' });
    const outboxId = String(++outboxSeq);
    await d.queue.add('fan-out', { outboxId, tenantId, event }, { ...WEBHOOK_FANOUT_JOB_OPTIONS, jobId: `ob-${outboxId}` });
  }

  const delivery = async (endpointId: string) =>
    (await ds.query(`SELECT * FROM webhook_deliveries WHERE tenant_id = $1 AND endpoint_id = $2`, [tenantId, endpointId]))[0];
  const endpointRow = async (id: string) => (await ds.query(`SELECT enabled, disabled_reason, failing_since FROM webhook_endpoints WHERE id = $1`, [id]))[0];
  const verify = (secret: string, r: ReceivedWebhook) => new Webhook(secret).verify(r.body, r.headers);

  it('retries a receiver that fails three times with the same webhook-id until it succeeds', async () => {
    const r = await receiver();
    const e = await endpoint(r.url);
    r.respondWith(500, 1);
    r.respondWith(502, 1);
    r.respondWith(503, 1);

    const body = await emit();

    const got = await r.waitFor(4, 10_000);
    const ids = got.map((x) => x.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    for (const x of got) {
      expect(x.body).toBe(body);
      expect(verify(e.secret, x)).toEqual(JSON.parse(body));
    }
    await eventually(async () =>
      expect(await delivery(e.id)).toMatchObject({ id: ids[0], status: 'succeeded', attempts: 4, last_status_code: 200, last_error: null }),
    );
    expect((await delivery(e.id)).last_response_body).toBe('{"received":true}');
    expect(await endpointRow(e.id)).toMatchObject({ enabled: true, failing_since: null });
  });

  it('marks the delivery failed and keeps it after the whole schedule (1 + 9 attempts)', async () => {
    const r = await receiver();
    const e = await endpoint(r.url);
    r.respondWith(500);

    await emit();

    await eventually(async () => expect(await delivery(e.id)).toMatchObject({ status: 'failed', attempts: 10, last_status_code: 500 }), 15_000);
    expect(r.received).toHaveLength(10);
    expect((await endpointRow(e.id)).failing_since).toBeInstanceOf(Date);
  });

  it('disables the endpoint on 410 Gone after one attempt, with an audit event', async () => {
    const r = await receiver();
    const e = await endpoint(r.url);
    r.respondWith(410);

    await emit();

    await eventually(async () => expect(await endpointRow(e.id)).toMatchObject({ enabled: false, disabled_reason: 'gone' }));
    await eventually(async () => expect(await delivery(e.id)).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 410 }));
    await sleep(300);
    expect(r.received).toHaveLength(1);
    const audits = await ds.query(`SELECT data FROM audit_events WHERE subject_id = $1 AND action = 'webhook_endpoint.disabled'`, [e.id]);
    expect(audits).toEqual([{ data: expect.objectContaining({ reason: 'gone', statusCode: 410 }) }]);
  });

  it('counts a 301 as a failure and never follows it', async () => {
    const target = await receiver();
    const r = await receiver();
    const e = await endpoint(r.url);
    r.respondWith(301, 2, { location: target.url });

    await emit();

    await r.waitFor(3, 10_000);
    await eventually(async () => expect(await delivery(e.id)).toMatchObject({ status: 'succeeded', attempts: 3 }));
    expect(target.received).toHaveLength(0);
  });

  it('times out a receiver that takes 20 s and retries it with the same webhook-id', async () => {
    const seen: string[] = [];
    const slowOnce = await listen((req, res) => {
      seen.push(String(req.headers['webhook-id']));
      req.resume();
      if (seen.length === 1) setTimeout(() => res.end('late'), 20_000).unref();
      else res.end('ok');
    });
    const e = await endpoint(`http://127.0.0.1:${(slowOnce.address() as AddressInfo).port}/hook`);

    await emit();

    await eventually(async () => expect(await delivery(e.id)).toMatchObject({ status: 'succeeded', attempts: 2, last_response_body: 'ok' }));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
    slowOnce.closeAllConnections();
    slowOnce.close();
  });

  it('honours Retry-After on 429 and 503', async () => {
    const r = await receiver();
    const e = await endpoint(r.url);
    r.respondWith(429, 1, { 'retry-after': '1' });
    r.respondWith(503, 1, { 'retry-after': '1' });

    await emit();

    const got = await r.waitFor(3, 10_000);
    // The compressed schedule would retry after about 50-100 ms; the receiver asked for 1 s each time.
    expect(got[1].receivedAt.getTime() - got[0].receivedAt.getTime()).toBeGreaterThanOrEqual(950);
    expect(got[2].receivedAt.getTime() - got[1].receivedAt.getTime()).toBeGreaterThanOrEqual(950);
    await eventually(async () => expect(await delivery(e.id)).toMatchObject({ status: 'succeeded', attempts: 3 }));
  });

  it('signs with both secrets during a rotation; either verifies with the standardwebhooks package', async () => {
    const r = await receiver();
    const old = generateWebhookSecret();
    const e = await endpoint(r.url, { previousSecret: old });

    const body = await emit();

    const [got] = await r.waitFor(1);
    expect(got.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verify(e.secret, got)).toEqual(JSON.parse(body));
    expect(verify(old, got)).toEqual(JSON.parse(body));

    // Once the 24 h are over, only the new secret signs.
    await ds.query(`UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [e.id]);
    await emit();
    const [, later] = await r.waitFor(2);
    expect(later.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => verify(old, later)).toThrow();
    expect(() => verify(e.secret, later)).not.toThrow();
  });

  it('disables an endpoint whose every attempt has failed for 5 days, with an audit event', async () => {
    const r = await receiver();
    const e = await endpoint(r.url, { failingSince: new Date(Date.now() - 5 * 86_400_000 - 60_000).toISOString() });
    r.respondWith(500);

    await emit();

    await eventually(async () => expect(await endpointRow(e.id)).toMatchObject({ enabled: false, disabled_reason: 'failing' }));
    await eventually(async () => expect(await delivery(e.id)).toMatchObject({ status: 'failed', attempts: 1 }));
    const audits = await ds.query(`SELECT data FROM audit_events WHERE subject_id = $1 AND action = 'webhook_endpoint.disabled'`, [e.id]);
    expect(audits).toEqual([{ data: expect.objectContaining({ reason: 'failing' }) }]);
  });

  it('replays a finished delivery with its webhook-id through schedule-delivery', async () => {
    const r = await receiver();
    const e = await endpoint(r.url);
    await emit();
    const [first] = await r.waitFor(1);
    await eventually(async () => expect((await delivery(e.id)).status).toBe('succeeded'));
    const id = first.headers['webhook-id'];
    await ds.query(`UPDATE webhook_deliveries SET status = 'pending', replays = 1 WHERE id = $1`, [id]);

    await dispatcher.run('schedule-delivery', { deliveryId: id, tenantId, run: 1 }, WEBHOOK_FANOUT_JOB_OPTIONS);

    const [, again] = await r.waitFor(2);
    expect(again.headers['webhook-id']).toBe(id);
    expect(again.body).toBe(first.body);
    await eventually(async () => expect(await delivery(e.id)).toMatchObject({ status: 'succeeded', attempts: 2 }));
  });

  it('does not let a slow endpoint delay a fast one', async () => {
    // 4 worker slots, at most 2 per endpoint: the slow endpoint's backlog cannot take them all.
    const limited = await new Dispatcher().start(db.url, '127.0.0.1', { WEBHOOK_CONCURRENCY: '4', WEBHOOK_ENDPOINT_CONCURRENCY: '2', WEBHOOK_TIMEOUT_MS: '10000' });
    try {
      const [slow, fast] = [await receiver(), await receiver()];
      slow.delayResponses(3000);
      await endpoint(slow.url);
      for (let i = 0; i < 8; i++) await emitNoWait(limited);
      await slow.waitFor(2);
      await endpoint(fast.url);
      for (let i = 0; i < 5; i++) await emitNoWait(limited);

      await fast.waitFor(5, 10_000);
      // The fast endpoint got all five while the slow one was still holding its first answers.
      expect(slow.received.filter((x) => x.answeredAt)).toHaveLength(0);
      expect(slow.received.length).toBeLessThanOrEqual(2);
    } finally {
      await limited.stop();
    }
  });

  describe('SSRF guard at delivery time (no allow-list)', () => {
    let calls: string[];
    let answers: Record<string, string[][]>;
    /** Answers each name's list of addresses in turn (the last one repeating): a rebinding DNS. */
    const resolver: Resolver = async (host) => {
      calls.push(host);
      const queue = answers[host];
      if (!queue) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      const next = queue.length > 1 ? (queue.shift() as string[]) : queue[0];
      return next.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    let strict: Dispatcher;
    beforeAll(async () => {
      strict = await new Dispatcher().start(db.url, '', { WEBHOOK_TIMEOUT_MS: '500' }, resolver);
    });
    afterAll(() => strict?.stop());
    beforeEach(() => {
      calls = [];
      answers = {};
    });

    it('refuses every internal address form without contacting it', async () => {
      const r = await receiver();
      const port = new URL(r.url).port;
      answers = { 'internal.example.com': [['10.0.0.7']], 'localhost.example.com': [['127.0.0.1']] };
      const urls = [
        'http://169.254.169.254/latest/meta-data/', `http://0x7f000001:${port}/`, `http://2130706433:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`,
        `http://127.0.0.1:${port}/`, `http://[::1]:${port}/`, 'http://10.1.2.3/', 'http://172.16.0.1/', 'http://192.168.1.1/', 'http://100.64.0.1/',
        'http://224.0.0.1/', 'http://0.0.0.0/', 'http://[fe80::1]/', 'http://[fd00::1]/', 'https://internal.example.com/',
        `http://localhost.example.com:${port}/`, 'ftp://hooks.example.com/', 'https://user:pass@hooks.example.com/',
        `http://[::127.0.0.1]:${port}/`, 'http://[64:ff9b::a9fe:a9fe]/', `http://[2002:7f00:1::]:${port}/`,
      ];
      const ids = [];
      for (const url of urls) ids.push((await endpoint(url)).id);

      await emit(strict);

      for (const id of ids) {
        await eventually(async () => expect(await delivery(id)).toMatchObject({ status: 'failed', attempts: 1, last_status_code: null }));
        expect((await delivery(id)).last_error).toMatch(/webhook target refused/);
      }
      expect(r.received).toHaveLength(0);
    });

    it('resolves at every attempt: a name that turns private after a public answer is refused', async () => {
      const r = await receiver();
      const port = new URL(r.url).port;
      // First a public address (unreachable here, so the attempt fails and is retried), then loopback.
      answers = { 'rebind.example.com': [['93.184.215.14'], ['127.0.0.1']] };
      const e = await endpoint(`http://rebind.example.com:${port}/hook`);

      await emit(strict);

      await eventually(async () => expect(await delivery(e.id)).toMatchObject({ status: 'failed', attempts: 2 }));
      const row = await delivery(e.id);
      expect(row.last_error).toContain('127.0.0.1 (loopback)');
      expect(calls).toEqual(['rebind.example.com', 'rebind.example.com']);
      expect(r.received).toHaveLength(0);
    });
  });
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}
