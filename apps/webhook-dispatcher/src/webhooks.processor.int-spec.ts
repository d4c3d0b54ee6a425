import { randomUUID } from 'node:crypto';
import { Job, JobsOptions } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { generateWebhookSecret, newWebhookMessageId as newDeliveryId, Sealer } from '@sesame/crypto';
import type { WebhookEvent } from '@sesame/domain';
import { WEBHOOK_FANOUT_JOB_OPTIONS, WebhookJobs } from '@sesame/messaging';
import { createTestDatabase, startWebhookReceiver, TestDatabase, WebhookReceiver } from '@sesame/testing';
import { Dispatcher, eventually, sleep, TEST_PEPPERS } from './testing/dispatcher-harness';

jest.setTimeout(30_000);

const PEPPERS = TEST_PEPPERS;
/** Fast fixed retries for the tests that set their own attempts; fan-out uses the compressed schedule. */
const QUICK_RETRY: JobsOptions = { attempts: 3, backoff: { type: 'fixed', delay: 50 }, removeOnComplete: false, removeOnFail: false };

describe('WebhooksProcessor (real Postgres, Redis, HTTP)', () => {
  let db: TestDatabase;
  let dispatcher: Dispatcher;
  let ds: DataSource;
  const sealer = new Sealer(PEPPERS);
  const receivers: WebhookReceiver[] = [];
  let tenantId: string;
  let outboxSeq = 0;

  beforeAll(async () => {
    db = await createTestDatabase('webhooks');
    dispatcher = await new Dispatcher().start(db.url, '127.0.0.1');
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

  async function endpoint(url: string, events: string[], enabled = true): Promise<{ id: string; secret: string }> {
    const id = randomUUID();
    const secret = generateWebhookSecret();
    await ds.query(`INSERT INTO webhook_endpoints (id, tenant_id, url, events, sealed_secret, enabled) VALUES ($1, $2, $3, $4, $5, $6)`, [
      id, tenantId, url, events, sealer.seal(secret), enabled,
    ]);
    return { id, secret };
  }

  function fanOut(event: WebhookEvent, q: Dispatcher = dispatcher, outboxId = String(++outboxSeq)): { data: WebhookJobs['fan-out']; run: (jobId?: string) => Promise<Job> } {
    const data = { outboxId, tenantId, event, correlationId: randomUUID() };
    return { data, run: (jobId = `ob-${outboxId}`) => q.run('fan-out', data, { ...WEBHOOK_FANOUT_JOB_OPTIONS, jobId }) };
  }

  async function deliveries(where = 'TRUE', params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    return ds.query(`SELECT * FROM webhook_deliveries WHERE tenant_id = $1 AND ${where} ORDER BY created_at`, [tenantId, ...params]);
  }

  /** A pending delivery row and a `deliver` job for it with the test's own retry options. */
  async function deliver(endpointId: string, opts: JobsOptions, q: Dispatcher = dispatcher): Promise<{ id: string; body: string; job: Job }> {
    const id = newDeliveryId();
    const body = JSON.stringify({ type: 'user.created', timestamp: new Date().toISOString(), data: { user_id: randomUUID() } });
    await ds.query(
      `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, body) VALUES ($1, $2, $3, $4, 'user.created', $5)`,
      [id, tenantId, endpointId, String(++outboxSeq), body],
    );
    const job = await q.run('deliver', { deliveryId: id, tenantId }, { ...opts, jobId: id });
    return { id, body, job };
  }

  /** A fresh event, keys in the Standard Webhooks order `{ type, timestamp, data }`. */
  const consumed = (): WebhookEvent => ({
    type: 'magiclink.consumed',
    timestamp: new Date().toISOString(),
    data: { link_id: 'lnk_1', user_id: 'usr_1', email: 'ada@example.com' },
  });

  it('fans out to subscribed endpoints only and sends one Standard Webhooks request each', async () => {
    const [exact, other, wildcard, disabled] = await Promise.all([receiver(), receiver(), receiver(), receiver()]);
    const e1 = await endpoint(exact.url, ['magiclink.consumed']);
    const e2 = await endpoint(other.url, ['user.created']);
    const e3 = await endpoint(wildcard.url, ['*']);
    await endpoint(disabled.url, ['*'], false);
    const event = consumed();

    const job = await fanOut(event).run();

    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toEqual({ deliveries: 2 });
    await Promise.all([exact.waitFor(1), wildcard.waitFor(1)]);
    const rows = await deliveries();
    expect(rows.map((r) => r.endpoint_id).sort()).toEqual([e1.id, e3.id].sort());
    expect(rows.map((r) => r.endpoint_id)).not.toContain(e2.id);

    for (const [r, e] of [[exact, e1], [wildcard, e3]] as const) {
      expect(r.received).toHaveLength(1);
      const { headers, body } = r.received[0];
      expect(new Webhook(e.secret).verify(body, headers)).toEqual(event);
      expect(body).toBe(JSON.stringify(event));
      expect(headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9_-]{24}$/);
      expect(headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Sesame-Webhooks/1.0' });
      expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
      // Signed with another endpoint's secret, it must not verify.
      expect(() => new Webhook(e === e1 ? e3.secret : e1.secret).verify(body, headers)).toThrow();
    }
    await eventually(async () => expect((await deliveries()).map((r) => r.status)).toEqual(['succeeded', 'succeeded']));
    const row = rows.find((x) => x.endpoint_id === e1.id);
    expect(exact.received[0].headers['webhook-id']).toBe(row?.id);
    expect(await deliveries('id = $2', [row?.id])).toEqual([
      expect.objectContaining({ event_id: String(outboxSeq), event_type: 'magiclink.consumed', body: JSON.stringify(event), attempts: 1, last_status_code: 200, last_error: null }),
    ]);
    expect(other.received).toHaveLength(0);
    expect(disabled.received).toHaveLength(0);
  });

  it('creates and sends nothing twice when the same fan-out runs again', async () => {
    const r = await receiver();
    await endpoint(r.url, ['magiclink.consumed']);
    const f = fanOut(consumed());
    await f.run();
    await r.waitFor(1);
    await eventually(async () => expect((await deliveries())[0]?.status).toBe('succeeded'));

    const again = await f.run(`ob-${f.data.outboxId}-again`);

    expect(await again.getState()).toBe('completed');
    expect(again.returnvalue).toEqual({ deliveries: 0 });
    expect(await deliveries()).toHaveLength(1);
    await sleep(300);
    expect(r.received).toHaveLength(1);
  });

  it('enqueues a pending delivery that an interrupted fan-out created but never enqueued', async () => {
    const r = await receiver();
    const e = await endpoint(r.url, ['magiclink.consumed']);
    const event = consumed();
    const f = fanOut(event);
    const orphan = newDeliveryId();
    await ds.query(
      `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, body) VALUES ($1, $2, $3, $4, $5, $6)`,
      [orphan, tenantId, e.id, f.data.outboxId, event.type, JSON.stringify(event)],
    );

    await f.run();

    await r.waitFor(1);
    expect(r.received[0].headers['webhook-id']).toBe(orphan);
    expect(await deliveries()).toHaveLength(1);
  });

  it('retries a 500 with the same webhook-id and ends succeeded after two attempts', async () => {
    const r = await receiver();
    const e = await endpoint(r.url, ['*']);
    r.respondWith(500, 1);

    const { id, body, job } = await deliver(e.id, QUICK_RETRY);

    expect(await job.getState()).toBe('completed');
    expect(r.received).toHaveLength(2);
    expect(r.received.map((x) => x.headers['webhook-id'])).toEqual([id, id]);
    for (const req of r.received) {
      expect(req.body).toBe(body);
      expect(() => new Webhook(e.secret).verify(req.body, req.headers)).not.toThrow();
    }
    expect(await deliveries('id = $2', [id])).toEqual([
      expect.objectContaining({ status: 'succeeded', attempts: 2, last_status_code: 200, last_error: null }),
    ]);
  });

  it('marks the delivery failed after the last attempt', async () => {
    const r = await receiver();
    const e = await endpoint(r.url, ['*']);
    r.respondWith(503);

    const { id, job } = await deliver(e.id, { ...QUICK_RETRY, attempts: 2 });

    expect(await job.getState()).toBe('failed');
    expect(r.received).toHaveLength(2);
    expect(await deliveries('id = $2', [id])).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 2, last_status_code: 503, last_error: 'HTTP 503' }),
    ]);
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const r = await receiver();
    const e = await endpoint(r.url, ['*']);
    r.respondWith(307);

    const { id } = await deliver(e.id, { ...QUICK_RETRY, attempts: 1 });

    expect(r.received).toHaveLength(1);
    expect(await deliveries('id = $2', [id])).toEqual([expect.objectContaining({ status: 'failed', last_status_code: 307 })]);
  });

  it('disables the endpoint on 410 Gone, audits it and stops retrying', async () => {
    const r = await receiver();
    const e = await endpoint(r.url, ['*']);
    r.respondWith(410);

    const { id, job } = await deliver(e.id, QUICK_RETRY);

    expect(await job.getState()).toBe('failed');
    expect(r.received).toHaveLength(1);
    expect(await deliveries('id = $2', [id])).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, last_status_code: 410 })]);
    expect(await ds.query('SELECT enabled FROM webhook_endpoints WHERE id = $1', [e.id])).toEqual([{ enabled: false }]);
    expect(await ds.query('SELECT action, subject_type, subject_id, data FROM audit_events WHERE tenant_id = $1', [tenantId])).toEqual([
      { action: 'webhook_endpoint.disabled', subject_type: 'webhook_endpoint', subject_id: e.id, data: { reason: 'gone', statusCode: 410, deliveryId: id } },
    ]);
  });

  it('sends nothing for a delivery whose endpoint is disabled or which already finished', async () => {
    const r = await receiver();
    const off = await endpoint(r.url, ['*'], false);
    const on = await endpoint(r.url, ['*']);
    const first = await deliver(off.id, QUICK_RETRY);
    const done = await deliver(on.id, QUICK_RETRY);
    expect(r.received).toHaveLength(1);

    const rerun = await dispatcher.run('deliver', { deliveryId: done.id, tenantId }, { ...QUICK_RETRY, jobId: `${done.id}-again` });

    expect(first.job.returnvalue).toMatchObject({ result: 'endpoint-disabled' });
    expect(rerun.returnvalue).toMatchObject({ result: 'already-finished' });
    expect(r.received).toHaveLength(1);
  });

  describe('without 127.0.0.1 in WEBHOOK_ALLOWED_TARGETS', () => {
    let strict: Dispatcher;
    beforeAll(async () => {
      strict = await new Dispatcher().start(db.url, '');
    });
    afterAll(() => strict?.stop());

    it('refuses a loopback endpoint at once and never contacts it', async () => {
      const r = await receiver();
      await endpoint(r.url, ['magiclink.consumed']);

      await fanOut(consumed(), strict).run();

      await eventually(async () => expect((await deliveries())[0]).toMatchObject({ status: 'failed', attempts: 1, last_status_code: null }));
      const [row] = await deliveries();
      expect(row.last_error).toContain('loopback');
      const job = (await strict.queue.getJob(row.id as string)) as Job;
      await job.waitUntilFinished(strict.events, 5000).catch(() => undefined);
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1);
      expect(r.received).toHaveLength(0);
    });
  });
});
