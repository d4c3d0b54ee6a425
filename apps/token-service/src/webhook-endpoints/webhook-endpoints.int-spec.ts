import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newWebhookMessageId, Sealer } from '@sesame/crypto';
import type { Actor } from '@sesame/messaging';
import { eventProblems } from '@sesame/testing';
import type { Resolver } from '@sesame/webhooks';
import { TenantService } from '../tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from '../testing/token-service-context';
import { WebhookDeliveryLogService } from './webhook-delivery-log.service';
import { WebhookEndpointService } from './webhook-endpoint.service';

const PEPPER = 'k1:' + 'x'.repeat(40);
/** The test's DNS: public names, and names that point inside. */
const DNS: Record<string, string[]> = {
  'hooks.example.com': ['93.184.215.14'],
  'internal.example.com': ['10.0.0.7'],
  'metadata.example.com': ['169.254.169.254'],
  'localhost': ['127.0.0.1'],
};
const resolver: Resolver = async (host) => {
  const found = DNS[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('webhook endpoints and delivery log (integration)', () => {
  let ctx: TokenServiceContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let endpoints: WebhookEndpointService;
  let log: WebhookDeliveryLogService;
  let tenantId: string;
  const actor: Actor = { apiKeyId: null, ip: '198.51.100.9', userAgent: 'jest' };
  const create = (over: Partial<Parameters<WebhookEndpointService['create']>[0]> = {}) =>
    endpoints.create({ requestId: randomUUID(), tenantId, url: 'https://hooks.example.com/sesame', events: ['*'], actor, ...over });
  const outbox = async (jobName: string) =>
    (await ds.query(`SELECT payload FROM outbox WHERE tenant_id = $1 AND job_name = $2 ORDER BY id`, [tenantId, jobName])).map((r: { payload: unknown }) => r.payload);

  beforeAll(async () => {
    ctx = await startTokenServiceContext('webhookendpoints', { TOKEN_PEPPER: PEPPER, WEBHOOK_ALLOWED_TARGETS: '127.0.0.9' }, resolver);
    ({ app, ds } = ctx);
    endpoints = app.get(WebhookEndpointService);
    log = app.get(WebhookDeliveryLogService);
  }, 30_000);

  beforeEach(async () => {
    tenantId = (await app.get(TenantService).create({ requestId: randomUUID(), name: `Hooks ${randomUUID().slice(0, 6)}`, appOrigin: 'https://app.example.com' })).id;
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('registers an endpoint with a whsec_ secret shown once, sealed at rest', async () => {
    const e = await create({ events: ['magiclink.email.sent', 'magiclink.email.sent', 'user.created'], description: 'CRM' });
    expect(e).toMatchObject({ url: 'https://hooks.example.com/sesame', events: ['magiclink.email.sent', 'user.created'], description: 'CRM', enabled: true, disabled_reason: null });
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const stored = await endpoints.get({ tenantId, id: e.id });
    expect(stored).not.toHaveProperty('secret');
    const [row] = await ds.query(`SELECT sealed_secret FROM webhook_endpoints WHERE id = $1`, [e.id]);
    expect(row.sealed_secret.toString('latin1')).not.toContain(e.secret.slice(6));
    expect(new Sealer([PEPPER]).open(row.sealed_secret)).toBe(e.secret);
    await expect(create({ events: ['magiclink.nope'] })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(create({ events: [] })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(create({ events: ['webhook.ping'] })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(create({ enabled: false })).resolves.toMatchObject({ enabled: false, disabled_reason: 'manual' });
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/', 'http://0x7f000001/', 'http://2130706433/', 'http://[::ffff:127.0.0.1]/',
    'http://127.0.0.2/', 'http://[::1]/', 'http://10.1.2.3/', 'http://172.16.0.1/', 'http://192.168.1.1/', 'http://100.64.0.1/',
    'http://224.0.0.1/', 'http://0.0.0.0/', 'http://[::]/', 'http://[fe80::1]/', 'http://[fd00::1]/',
    'https://internal.example.com/', 'https://metadata.example.com/', 'http://localhost:8080/',
    'http://[::127.0.0.1]/', 'http://[64:ff9b::10.0.0.1]/', 'http://[2002:c0a8:101::]/', 'http://[2001:0:4136:e378:8000:63bf:5601:5601]/',
    'ftp://hooks.example.com/', 'file:///etc/passwd', 'https://user:pass@hooks.example.com/',
  ])('refuses %s at registration and on change', async (url) => {
    await expect(create({ url })).rejects.toMatchObject({ code: 'webhook_target_refused' });
    const e = await create();
    await expect(endpoints.update({ tenantId, id: e.id, actor, url })).rejects.toMatchObject({ code: 'webhook_target_refused' });
  });

  it('accepts an allow-listed target, refuses an unresolvable host and a fragment', async () => {
    await expect(create({ url: 'http://127.0.0.9:9999/hooks' })).resolves.toMatchObject({ url: 'http://127.0.0.9:9999/hooks' });
    await expect(create({ url: 'https://nowhere.example.com/' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(create({ url: 'https://hooks.example.com/#x' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(create({ url: 'not a url' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('lists with a cursor, changes, disables, re-enables and deletes, within the tenant only', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await create({ description: `e${i}` }));
    const first = await endpoints.list({ tenantId, limit: 3 });
    const second = await endpoints.list({ tenantId, limit: 3, cursor: first.next_cursor ?? undefined });
    expect([...first.data, ...second.data].map((e) => e.id)).toEqual(made.map((e) => e.id).reverse());
    expect(second.next_cursor).toBeNull();

    const id = made[0].id;
    const changed = await endpoints.update({ tenantId, id, actor, url: 'https://hooks.example.com/v2', events: ['user.created'], description: null });
    expect(changed).toMatchObject({ url: 'https://hooks.example.com/v2', events: ['user.created'], description: null, enabled: true });
    await ds.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '2 days' WHERE id = $1`, [id]);
    expect(await endpoints.update({ tenantId, id, actor, enabled: false })).toMatchObject({ enabled: false, disabled_reason: 'manual' });
    expect(await endpoints.update({ tenantId, id, actor, enabled: true })).toMatchObject({ enabled: true, disabled_reason: null });
    expect(await ds.query(`SELECT failing_since FROM webhook_endpoints WHERE id = $1`, [id])).toEqual([{ failing_since: null }]);

    const otherTenant = (await app.get(TenantService).create({ requestId: randomUUID(), name: 'Other', appOrigin: 'https://o.example.com' })).id;
    await expect(endpoints.get({ tenantId: otherTenant, id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(endpoints.delete({ tenantId: otherTenant, id, actor })).rejects.toMatchObject({ code: 'not_found' });
    await endpoints.delete({ tenantId, id, actor });
    await expect(endpoints.get({ tenantId, id })).rejects.toMatchObject({ code: 'not_found' });
    const actions = await ds.query(`SELECT action FROM audit_events WHERE tenant_id = $1 AND subject_id = $2 ORDER BY id`, [tenantId, id]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.updated', 'webhook_endpoint.updated', 'webhook_endpoint.deleted',
    ]);
  });

  it('rotates the secret: a new one shown once, the old one kept to sign for 24 h', async () => {
    const e = await create();
    const [before] = await ds.query(`SELECT sealed_secret FROM webhook_endpoints WHERE id = $1`, [e.id]);
    const rotated = await endpoints.rotateSecret({ tenantId, id: e.id, actor });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(e.secret);
    const hours = (Date.parse(rotated.previous_secret_expires_at ?? '') - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const [after] = await ds.query(`SELECT sealed_secret, previous_sealed_secret FROM webhook_endpoints WHERE id = $1`, [e.id]);
    expect(after.previous_sealed_secret).toEqual(before.sealed_secret);
    expect(new Sealer([PEPPER]).open(after.sealed_secret)).toBe(rotated.secret);
    const audits = await ds.query(`SELECT data FROM audit_events WHERE tenant_id = $1 AND action = 'webhook_endpoint.secret_rotated'`, [tenantId]);
    expect(JSON.stringify(audits)).not.toContain(rotated.secret.slice(6, 20));
    await expect(endpoints.rotateSecret({ tenantId, id: randomUUID(), actor })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('queues a test ping that matches its schema; refuses one for a disabled endpoint', async () => {
    const e = await create({ events: ['user.created'] });
    const ping = await log.test({ tenantId, id: e.id, actor });
    expect(ping).toMatchObject({ endpoint_id: e.id, event_type: 'webhook.ping', status: 'pending', attempts: 0 });
    const [row] = await ds.query(`SELECT body FROM webhook_deliveries WHERE id = $1`, [ping.id]);
    expect(eventProblems(row.body)).toEqual([]);
    expect(await outbox('schedule-delivery')).toEqual([{ deliveryId: ping.id, run: 0 }]);
    await endpoints.update({ tenantId, id: e.id, actor, enabled: false });
    await expect(log.test({ tenantId, id: e.id, actor })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('pages the delivery log newest first, filters by status, and replays a finished delivery only', async () => {
    const e = await create();
    const ids: string[] = [];
    for (const status of ['succeeded', 'failed', 'pending', 'failed']) {
      const id = newWebhookMessageId();
      ids.push(id);
      await ds.query(
        `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, body, status, attempts, last_status_code, last_latency_ms, last_response_body)
         VALUES ($1, $2, $3, $4, 'user.created', '{}', $5, 3, 500, 12, 'oops')`,
        [id, tenantId, e.id, randomUUID(), status],
      );
    }
    const page1 = await log.list({ tenantId, endpointId: e.id, limit: 2 });
    const page2 = await log.list({ tenantId, endpointId: e.id, limit: 2, cursor: page1.next_cursor ?? undefined });
    expect([...page1.data, ...page2.data].map((d) => d.id)).toEqual([...ids].reverse());
    expect(page1.data[0]).toMatchObject({ attempts: 3, last_status_code: 500, last_latency_ms: 12, last_response_body: 'oops', replays: 0 });
    expect((await log.list({ tenantId, endpointId: e.id, limit: 10, status: 'failed' })).data.map((d) => d.id)).toEqual([ids[3], ids[1]]);
    await expect(log.list({ tenantId, endpointId: e.id, limit: 2, cursor: 'bogus' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(log.list({ tenantId, endpointId: randomUUID(), limit: 2 })).rejects.toMatchObject({ code: 'not_found' });

    await expect(log.replay({ tenantId, endpointId: e.id, id: ids[2], actor })).rejects.toMatchObject({ code: 'conflict' });
    await expect(log.replay({ tenantId, endpointId: e.id, id: newWebhookMessageId(), actor })).rejects.toMatchObject({ code: 'not_found' });
    expect(await log.replay({ tenantId, endpointId: e.id, id: ids[1], actor })).toMatchObject({ id: ids[1], status: 'pending', replays: 1 });
    await ds.query(`UPDATE webhook_deliveries SET status = 'failed' WHERE id = $1`, [ids[1]]);
    expect(await log.replay({ tenantId, endpointId: e.id, id: ids[1], actor })).toMatchObject({ replays: 2 });
    expect(await outbox('schedule-delivery')).toEqual([{ deliveryId: ids[1], run: 1 }, { deliveryId: ids[1], run: 2 }]);
  });
});
