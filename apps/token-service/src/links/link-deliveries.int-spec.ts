import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, CreateLinkRequest } from '@sesame/messaging';
import { TenantService } from '../tenants/tenant.service';
import { startTokenServiceContext, TokenServiceContext } from '../testing/token-service-context';
import { LinkListService } from './link-list.service';
import { EVENTS_PER_DELIVERY } from './link-delivery.repository';
import { LinkService } from './link.service';

const ACTOR: Actor = { apiKeyId: null, ip: '192.0.2.1', userAgent: 'jest' };

/** The delivery history of GET /v1/magic-links/{id}; the worker's and the event webhook's writes are played by SQL. */
describe('a link with its delivery history (integration)', () => {
  let ctx: TokenServiceContext;
  let app: INestApplicationContext;
  let ds: DataSource;
  let links: LinkService;
  let tenantId: string;

  const newTenant = async () => (await app.get(TenantService).create({ requestId: randomUUID(), name: `Hist ${randomUUID().slice(0, 6)}`, appOrigin: 'https://app.example.com' })).id;
  const link = (over: Partial<CreateLinkRequest> = {}, tenant = tenantId) =>
    links.create({ requestId: randomUUID(), tenantId: tenant, actor: ACTOR, email: `u-${randomUUID()}@example.com`, type: 'login', send: true, ...over });
  const deliveryOf = async (linkId: string): Promise<string> =>
    (await ds.query(`SELECT id FROM mail_deliveries WHERE link_id = $1 ORDER BY created_at DESC LIMIT 1`, [linkId]))[0].id;
  const event = (tenant: string, deliveryId: string, name: string, at: string, data: object = {}) =>
    ds.query(`INSERT INTO mail_delivery_events (tenant_id, delivery_id, event, occurred_at, data) VALUES ($1, $2, $3, $4, $5)`, [tenant, deliveryId, name, at, JSON.stringify(data)]);

  beforeAll(async () => {
    ctx = await startTokenServiceContext('linkhistory', { TOKEN_PEPPER: 'k1:' + 'h'.repeat(40) });
    ({ app, ds } = ctx);
    links = app.get(LinkService);
  }, 30_000);

  beforeEach(async () => {
    tenantId = await newTenant();
  });

  afterAll(async () => {
    await ctx?.close();
  });

  it('shows a sent delivery with its status and provider events, newest first', async () => {
    const created = await link({ email: 'ann@example.com' });
    const id = await deliveryOf(created.id);
    expect((await links.get(tenantId, created.id)).deliveries).toEqual([{
      id, channel: 'email', to: 'ann@example.com', status: 'queued', provider: null, provider_message_id: null, attempts: 0, sent_at: null,
      last_error: null, last_event: null, last_event_at: null, events: [],
    }]);

    await ds.query(
      `UPDATE mail_deliveries SET status = 'sent', provider = 'sendgrid', provider_message_id = 'sg-msg-1', attempts = 2, sent_at = '2026-03-01T10:00:01Z',
         last_error = 'SendGrid answered 503', last_event = 'delivered', last_event_at = '2026-03-01T10:00:05Z' WHERE id = $1`,
      [id],
    );
    await event(tenantId, id, 'processed', '2026-03-01T10:00:02Z');
    await event(tenantId, id, 'delivered', '2026-03-01T10:00:05.250Z', { response: '250 OK' });
    await event(tenantId, id, 'deferred', '2026-03-01T10:00:03Z', { attempt: '1' });

    const view = await links.get(tenantId, created.id);
    expect(view).toMatchObject({ id: created.id, status: 'active', identifier: 'ann@example.com' });
    expect(view.deliveries).toEqual([{
      id, channel: 'email', to: 'ann@example.com', status: 'sent', provider: 'sendgrid', provider_message_id: 'sg-msg-1', attempts: 2,
      sent_at: '2026-03-01T10:00:01.000Z', last_error: 'SendGrid answered 503', last_event: 'delivered', last_event_at: '2026-03-01T10:00:05.000Z',
      events: [
        { event: 'delivered', occurred_at: '2026-03-01T10:00:05.250Z', data: { response: '250 OK' } },
        { event: 'deferred', occurred_at: '2026-03-01T10:00:03.000Z', data: { attempt: '1' } },
        { event: 'processed', occurred_at: '2026-03-01T10:00:02.000Z', data: {} },
      ],
    }]);
  });

  it('lists several deliveries of one link newest first, an sms among them', async () => {
    const created = await link({ channel: 'sms', phone: '+14155550142' });
    const first = await deliveryOf(created.id);
    await ds.query(`UPDATE mail_deliveries SET created_at = now() - interval '1 minute' WHERE id = $1`, [first]);
    const second = randomUUID();
    await ds.query(
      `INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address, channel, status, last_error) VALUES ($1, $2, $3, '+14155550142', 'sms', 'failed', 'twilio 21211')`,
      [second, tenantId, created.id],
    );
    const { deliveries } = await links.get(tenantId, created.id);
    expect(deliveries.map((d) => [d.id, d.channel, d.to, d.status])).toEqual([[second, 'sms', '+14155550142', 'failed'], [first, 'sms', '+14155550142', 'queued']]);
  });

  it('has no deliveries for a link handed out with send=false, and keeps the list without history', async () => {
    const handed = await link({ send: false });
    expect((await links.get(tenantId, handed.id)).deliveries).toEqual([]);
    const page = await app.get(LinkListService).list({ tenantId, limit: 10 });
    expect(page.data.length).toBeGreaterThan(0);
    for (const l of page.data) expect(l).not.toHaveProperty('deliveries');
  });

  it("keeps tenants apart: another tenant's link is not found, events filed under another tenant are not shown", async () => {
    const created = await link();
    const id = await deliveryOf(created.id);
    const other = await newTenant();
    await event(tenantId, id, 'open', '2026-03-01T10:01:00Z');
    await event(other, id, 'click', '2026-03-01T10:02:00Z');
    expect((await links.get(tenantId, created.id)).deliveries[0].events.map((e) => e.event)).toEqual(['open']);
    await expect(links.get(other, created.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it(`shows at most the latest ${EVENTS_PER_DELIVERY} events of a delivery`, async () => {
    const created = await link();
    const id = await deliveryOf(created.id);
    await ds.query(
      `INSERT INTO mail_delivery_events (tenant_id, delivery_id, event, occurred_at)
       SELECT $1, $2, 'open', timestamptz '2026-03-01T00:00:00Z' + make_interval(secs => n) FROM generate_series(1, $3) n`,
      [tenantId, id, EVENTS_PER_DELIVERY + 5],
    );
    const { events } = (await links.get(tenantId, created.id)).deliveries[0];
    expect(events).toHaveLength(EVENTS_PER_DELIVERY);
    expect(events[0].occurred_at).toBe(new Date(Date.parse('2026-03-01T00:00:00Z') + (EVENTS_PER_DELIVERY + 5) * 1000).toISOString());
  });
});
