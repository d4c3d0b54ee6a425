import { Webhook } from 'standardwebhooks';
import { eventProblems, ReceivedWebhook, startStack, startWebhookReceiver, Stack, WebhookReceiver } from '@sesame/testing';
import { createLink, createTenant, eventually, expectStatus, Tenant } from './support/fixtures';

jest.setTimeout(120_000);

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabled_reason: string | null;
  secret?: string;
}
interface Delivery {
  id: string;
  event_type: string;
  status: string;
  attempts: number;
  replays: number;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_response_body: string | null;
}

/** Webhooks as an integrator meets them: the endpoint API, signed deliveries, rotation, the delivery log. */
describe('webhooks', () => {
  let stack: Stack;
  let tenant: Tenant;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    stack = await startStack({ label: 'webhooks', env: { WEBHOOK_RETRY_SCHEDULE: '100ms,100ms,100ms' } });
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await stack?.stop();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const r = await startWebhookReceiver();
    receivers.push(r);
    return r;
  }
  const api = <T = unknown>(path: string, opts: { method?: string; body?: unknown } = {}) => stack.api<T>(path, { key: tenant.api_key, ...opts });
  async function register(url: string, events: string[] = ['*']): Promise<Endpoint & { secret: string }> {
    return expectStatus(await api<Endpoint & { secret: string }>('/v1/webhook-endpoints', { body: { url, events } }), 201, 'POST /v1/webhook-endpoints').body;
  }
  /** Verifies with the standardwebhooks package and the event catalogue; returns the parsed event. */
  function check(secret: string, r: ReceivedWebhook): { type: string; data: Record<string, unknown> } {
    const event = new Webhook(secret).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> };
    expect({ type: event.type, problems: eventProblems(r.body) }).toEqual({ type: event.type, problems: [] });
    return event;
  }

  it('manages endpoints: secret once, list, change, delete; clear errors for bad input', async () => {
    const r = await receiver();
    const e = await register(r.url, ['magiclink.created']);
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const got = expectStatus(await api<Endpoint>(`/v1/webhook-endpoints/${e.id}`), 200, 'GET').body;
    expect(got).toMatchObject({ id: e.id, url: r.url, events: ['magiclink.created'], enabled: true });
    expect(got).not.toHaveProperty('secret');
    const list = expectStatus(await api<{ data: Endpoint[] }>('/v1/webhook-endpoints?limit=100'), 200, 'list').body;
    expect(list.data.map((x) => x.id)).toContain(e.id);
    const patched = await api<Endpoint>(`/v1/webhook-endpoints/${e.id}`, { method: 'PATCH', body: { events: ['*'], description: 'all' } });
    expect(expectStatus(patched, 200, 'PATCH').body).toMatchObject({ events: ['*'], description: 'all' });

    for (const [body, code] of [
      [{ url: 'http://169.254.169.254/latest/meta-data/', events: ['*'] }, 'webhook_target_refused'],
      [{ url: 'http://[::ffff:127.0.0.2]/', events: ['*'] }, 'webhook_target_refused'],
      [{ url: 'gopher://example.com/', events: ['*'] }, 'webhook_target_refused'],
      [{ url: r.url, events: ['magiclink.nope'] }, 'validation_failed'],
      [{ url: r.url, events: [] }, 'validation_failed'],
      [{ events: ['*'] }, 'validation_failed'],
    ] as const) {
      const res = await api<{ error: { code: string } }>('/v1/webhook-endpoints', { body });
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code });
    }
    expect((await api(`/v1/webhook-endpoints/not-a-uuid`)).status).toBe(400);
    expect((await api(`/v1/webhook-endpoints/${e.id}/deliveries?cursor=zzz`)).status).toBe(400);
    expect((await api(`/v1/webhook-endpoints/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await api(`/v1/webhook-endpoints/${e.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/v1/webhook-endpoints/${e.id}`)).status).toBe(404);
  });

  it('delivers every event of a link signed and valid, and both signatures verify during a rotation', async () => {
    const r = await receiver();
    const e = await register(r.url);

    const link = await createLink(stack, tenant.api_key, { email: 'grace@example.com', send: true });
    const first = await r.waitFor((got) => ['magiclink.created', 'user.created', 'magiclink.email.sent'].every((t) => got.some((x) => x.body.includes(`"type":"${t}"`))), 20_000);
    for (const x of first) check(e.secret, x);
    const sent = first.map((x) => check(e.secret, x)).find((x) => x.type === 'magiclink.email.sent');
    expect(sent?.data).toMatchObject({ type: 'login', email: 'grace@example.com', user_id: link.user_id, link_id: link.id });

    const rotated = expectStatus(await api<Endpoint & { secret: string }>(`/v1/webhook-endpoints/${e.id}/rotate-secret`, { method: 'POST' }), 200, 'rotate').body;
    expect(rotated.secret).not.toBe(e.secret);
    const before = r.received.length;
    const revoke = await createLink(stack, tenant.api_key, { email: 'grace@example.com', send: false });
    await api(`/v1/magic-links/${revoke.id}`, { method: 'DELETE' });
    const later = (await r.waitFor((got) => got.slice(before).some((x) => x.body.includes('"magiclink.revoked"')), 20_000)).slice(before);
    for (const x of later) {
      expect(x.headers['webhook-signature'].split(' ')).toHaveLength(2);
      check(rotated.secret, x);
      check(e.secret, x);
    }
  });

  it('pings, logs each delivery with its response, pages the log and replays with the same webhook-id', async () => {
    const r = await receiver();
    const e = await register(r.url, ['user.deleted']);
    const ping = expectStatus(await api<Delivery>(`/v1/webhook-endpoints/${e.id}/test`, { method: 'POST' }), 202, 'test').body;
    const [got] = await r.waitFor(1, 15_000);
    expect(check(e.secret, got)).toMatchObject({ type: 'webhook.ping', data: { endpoint_id: e.id } });
    expect(got.headers['webhook-id']).toBe(ping.id);

    for (let i = 0; i < 3; i++) {
      const u = expectStatus(await api<{ id: string }>('/v1/users', { body: { email: `gone${i}@example.com` } }), 201, 'user').body;
      await api(`/v1/users/${u.id}`, { method: 'DELETE' });
    }
    await r.waitFor(4, 15_000);
    const log = async (q: string) => expectStatus(await api<{ data: Delivery[]; next_cursor: string | null }>(`/v1/webhook-endpoints/${e.id}/deliveries?${q}`), 200, q).body;
    const all = await eventually(async () => {
      const page = await log('limit=10');
      return page.data.length === 4 && page.data.every((d) => d.status === 'succeeded') ? page : null;
    }, 15_000);
    if (!all) throw new Error('the four deliveries did not all succeed');
    expect(all.data[3]).toMatchObject({ id: ping.id, event_type: 'webhook.ping', attempts: 1, last_status_code: 200, last_response_body: '{"received":true}' });
    expect(all.data[0].last_latency_ms).toEqual(expect.any(Number));
    const p1 = await log('limit=3');
    const p2 = await log(`limit=3&cursor=${p1.next_cursor}`);
    expect([...p1.data, ...p2.data].map((d) => d.id)).toEqual(all.data.map((d) => d.id));

    const replayed = await api<Delivery>(`/v1/webhook-endpoints/${e.id}/deliveries/${ping.id}/replay`, { method: 'POST' });
    expect(expectStatus(replayed, 202, 'replay').body).toMatchObject({ id: ping.id, status: 'pending', replays: 1 });
    const again = await r.waitFor(5, 15_000);
    expect(again[4].headers['webhook-id']).toBe(ping.id);
    expect(again[4].body).toBe(got.body);
  });

  it('disables an endpoint that answers 410, and says why', async () => {
    const r = await receiver();
    const e = await register(r.url);
    r.respondWith(410);
    await api(`/v1/webhook-endpoints/${e.id}/test`, { method: 'POST' });
    const disabled = await eventually(async () => {
      const ep = (await api<Endpoint>(`/v1/webhook-endpoints/${e.id}`)).body;
      return ep.enabled ? null : ep;
    }, 15_000);
    expect(disabled).toMatchObject({ enabled: false, disabled_reason: 'gone' });
    expect((await api<{ error: { code: string } }>(`/v1/webhook-endpoints/${e.id}/test`, { method: 'POST' })).body.error.code).toBe('conflict');
    const audit = await api<{ data: Array<{ subject: { id: string } }> }>('/v1/audit-events?type=webhook_endpoint.disabled');
    expect(audit.body.data.map((a) => a.subject.id)).toContain(e.id);
    expect(expectStatus(await api<Endpoint>(`/v1/webhook-endpoints/${e.id}`, { method: 'PATCH', body: { enabled: true } }), 200, 're-enable').body)
      .toMatchObject({ enabled: true, disabled_reason: null });
  });
});
