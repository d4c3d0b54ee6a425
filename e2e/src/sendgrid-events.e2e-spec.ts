import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { eventProblems, startStack, Stack } from '@sesame/testing';
import { CALLBACK_URL, createLink, createTenant, eventually, expectStatus, sleep, Tenant } from './support/fixtures';

jest.setTimeout(120_000);

const DELIVERY_EVENTS = ['magiclink.email.delivered', 'magiclink.email.bounced', 'magiclink.email.dropped', 'magiclink.email.deferred'];

interface Sent {
  tenant: Tenant;
  email: string;
  linkId: string;
  userId: string;
  deliveryId: string;
  messageId: string;
}
interface Applied {
  applied: number;
  duplicates: number;
  unmatched: number;
  ignored: number;
}
type Signer = (raw: string, timestamp?: number) => Record<string, string>;

/** A SendGrid account of our own: what SendGrid does to sign a batch, with a key the stack does not know. */
function otherAccount(): { publicKey: string; sign: Signer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    sign: (raw, timestamp = Math.floor(Date.now() / 1000)) => ({
      'X-Twilio-Email-Event-Webhook-Signature': createSign('sha256').update(`${timestamp}${raw}`).sign(privateKey).toString('base64'),
      'X-Twilio-Email-Event-Webhook-Timestamp': String(timestamp),
    }),
  };
}

/** Delivery tracking as an operator sets it up: SendGrid posts signed event batches, integrators get webhooks. */
describe('SendGrid Event Webhook', () => {
  let stack: Stack;
  let acme: Tenant;
  let globex: Tenant;
  const globexAccount = otherAccount();
  const deployment: Signer = (raw, timestamp) => stack.sendgrid.eventWebhook.sign(raw, timestamp);
  const t0 = Math.floor(Date.now() / 1000) - 60;

  beforeAll(async () => {
    stack = await startStack({ label: 'sendgrid-events' });
    [acme, globex] = [await createTenant(stack, 'Acme'), await createTenant(stack, 'Globex')];
    expectStatus(await stack.api('/v1/webhook-endpoints', { key: acme.api_key, body: { url: stack.receiver.url, events: DELIVERY_EVENTS } }), 201, 'acme endpoint');
    // Globex sends through its own SendGrid account (the fake, another API key) and verifies its batches with its own key.
    const provider = await stack.api('/v1/providers/email', {
      method: 'PUT', key: globex.api_key, body: { kind: 'sendgrid', settings: { event_public_key: globexAccount.publicKey }, credentials: { api_key: 'SG.globex' } },
    });
    expectStatus(provider, 200, 'PUT /v1/providers/email');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function send(tenant: Tenant, email: string): Promise<Sent> {
    const link = await createLink(stack, tenant.api_key, { email, redirect_url: CALLBACK_URL });
    const row = await eventually(async () => {
      const { rows } = await stack.db.pool.query(
        `SELECT id, provider_message_id FROM mail_deliveries WHERE tenant_id = $1 AND link_id = $2 AND status = 'sent'`, [tenant.id, link.id],
      );
      return rows[0] as { id: string; provider_message_id: string } | undefined;
    }, 15_000);
    if (!row) throw new Error(`the email of link ${link.id} was not sent`);
    return { tenant, email, linkId: link.id, userId: link.user_id, deliveryId: row.id, messageId: row.provider_message_id };
  }

  /** One event as SendGrid posts it: our custom args echoed at the top level. */
  function event(s: Sent, name: string, timestamp: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      email: s.email, timestamp, event: name, 'smtp-id': `<${s.messageId}@ismtpd0001p1.sendgrid.net>`,
      sg_event_id: randomBytes(16).toString('base64url'), sg_message_id: `${s.messageId}.filterdrecv-5bd4f9c4c9-8n7xq-1-64F0A1B2-3.0`,
      sesame_delivery_id: s.deliveryId, sesame_tenant_id: s.tenant.id, ...extra,
    };
  }

  async function post(raw: string, headers: Record<string, string>, query = '') {
    return stack.api<Applied & { error?: { code: string } }>(`/v1/providers/sendgrid/events${query}`, { body: raw, headers });
  }

  async function recorded(deliveryId: string): Promise<Array<{ event: string; occurred_at: Date; data: Record<string, string> }>> {
    const { rows } = await stack.db.pool.query(
      `SELECT event, occurred_at, data FROM mail_delivery_events WHERE delivery_id = $1 ORDER BY occurred_at, id`, [deliveryId],
    );
    return rows;
  }

  const webhooksOf = (deliveryId: string) => stack.receiver.received
    .map((r) => ({ body: r.body, event: JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, unknown> } }))
    .filter((r) => r.event.data.delivery_id === deliveryId);

  let alice: Sent;
  let bob: Sent;
  let batch: string;

  it('records a signed batch on the deliveries and sends the delivered and bounced webhooks', async () => {
    [alice, bob] = [await send(acme, 'alice@example.com'), await send(acme, 'bob@example.com')];
    batch = JSON.stringify([
      event(alice, 'processed', t0),
      event(alice, 'delivered', t0 + 1, { response: '250 2.0.0 OK', ip: '149.72.1.1' }),
      event(bob, 'bounce', t0 + 2, { type: 'bounce', reason: '550 5.1.1 The email account does not exist', status: '5.1.1', bounce_classification: 'Invalid Address' }),
      event(alice, 'open', t0 + 3, { useragent: 'Mozilla/5.0', ip: '203.0.113.9' }),
    ]) + '\r\n';
    const res = await post(batch, deployment(batch));
    expect(expectStatus(res, 200, 'POST events').body).toEqual({ applied: 3, duplicates: 0, unmatched: 0, ignored: 1 });

    expect((await recorded(alice.deliveryId)).map((r) => [r.event, r.occurred_at.getTime() / 1000, r.data])).toEqual([
      ['delivered', t0 + 1, { response: '250 2.0.0 OK' }],
      ['open', t0 + 3, {}],
    ]);
    expect((await recorded(bob.deliveryId)).map((r) => [r.event, r.data])).toEqual([
      ['bounce', { type: 'bounce', reason: '550 5.1.1 The email account does not exist', status: '5.1.1', bounce_classification: 'Invalid Address' }],
    ]);
    const { rows } = await stack.db.pool.query(`SELECT id, last_event, last_event_at FROM mail_deliveries WHERE id = ANY($1) ORDER BY to_address`, [[alice.deliveryId, bob.deliveryId]]);
    expect(rows.map((r) => [r.id, r.last_event, r.last_event_at.getTime() / 1000])).toEqual([
      [alice.deliveryId, 'open', t0 + 3],
      [bob.deliveryId, 'bounce', t0 + 2],
    ]);

    // The integrator's view: the link's delivery history.
    const link = expectStatus(await stack.api(`/v1/magic-links/${alice.linkId}`, { key: acme.api_key }), 200, 'GET link').body;
    expect(link.deliveries).toEqual([expect.objectContaining({
      id: alice.deliveryId, provider: 'sendgrid', last_event: 'open', last_event_at: new Date((t0 + 3) * 1000).toISOString(),
      events: [
        { event: 'open', occurred_at: new Date((t0 + 3) * 1000).toISOString(), data: {} },
        { event: 'delivered', occurred_at: new Date((t0 + 1) * 1000).toISOString(), data: { response: '250 2.0.0 OK' } },
      ],
    })]);

    await stack.receiver.waitFor((all) => all.some((r) => r.body.includes(alice.deliveryId)) && all.some((r) => r.body.includes(bob.deliveryId)), 15_000);
    const [delivered] = webhooksOf(alice.deliveryId);
    const [bounced] = webhooksOf(bob.deliveryId);
    for (const w of [delivered, bounced]) expect(eventProblems(w.body)).toEqual([]);
    expect(delivered.event).toEqual({
      type: 'magiclink.email.delivered', timestamp: new Date((t0 + 1) * 1000).toISOString(),
      data: { link_id: alice.linkId, type: 'login', user_id: alice.userId, email: 'alice@example.com', delivery_id: alice.deliveryId, provider: 'sendgrid' },
    });
    expect(bounced.event).toEqual({
      type: 'magiclink.email.bounced', timestamp: new Date((t0 + 2) * 1000).toISOString(),
      data: {
        link_id: bob.linkId, type: 'login', user_id: bob.userId, email: 'bob@example.com', delivery_id: bob.deliveryId, provider: 'sendgrid',
        reason: 'bounce', detail: '550 5.1.1 The email account does not exist',
      },
    });
  });

  it('counts a replayed batch as duplicates and sends no second webhook', async () => {
    const res = await post(batch, deployment(batch));
    expect(expectStatus(res, 200, 'replay').body).toEqual({ applied: 0, duplicates: 3, unmatched: 0, ignored: 1 });
    // The same event again under a new sg_event_id (delivery, event and time unchanged) is the same event.
    const again = JSON.stringify([event(alice, 'delivered', t0 + 1)]);
    expect(expectStatus(await post(again, deployment(again)), 200, 'same event, new id').body).toMatchObject({ applied: 0, duplicates: 1 });
    // An older report arriving late is recorded but does not move the delivery's last event back.
    const late = JSON.stringify([event(alice, 'deferred', t0, { response: '421 4.7.0 try again later', attempt: '1' })]);
    expect(expectStatus(await post(late, deployment(late)), 200, 'late deferred').body).toMatchObject({ applied: 1 });
    const { rows } = await stack.db.pool.query(`SELECT last_event FROM mail_deliveries WHERE id = $1`, [alice.deliveryId]);
    expect(rows[0].last_event).toBe('open');

    await stack.receiver.waitFor((all) => all.some((r) => r.body.includes('magiclink.email.deferred')), 15_000);
    await sleep(1500); // time for a wrongly emitted second delivered event to arrive
    expect(webhooksOf(alice.deliveryId).map((w) => w.event.type)).toEqual(['magiclink.email.delivered', 'magiclink.email.deferred']);
    expect(webhooksOf(bob.deliveryId)).toHaveLength(1);
  });

  it('refuses a batch with a wrong or missing signature, or a stale timestamp, and records nothing', async () => {
    const carol = await send(acme, 'carol@example.com');
    const raw = JSON.stringify([event(carol, 'delivered', t0 + 5)]);
    const now = Math.floor(Date.now() / 1000);
    const refusals: Array<[string, string, Record<string, string>, number, string]> = [
      ['signed by another account', raw, globexAccount.sign(raw), 401, 'invalid_signature'],
      ['body changed after signing', raw.replace('delivered', 'dropped'), deployment(raw), 401, 'invalid_signature'],
      ['no signature headers', raw, {}, 401, 'invalid_signature'],
      ['signed 10 minutes ago', raw, deployment(raw, now - 600), 401, 'stale_timestamp'],
      ['signed 10 minutes ahead', raw, deployment(raw, now + 600), 401, 'stale_timestamp'],
      ['signed, but not JSON', '[{"event":', deployment('[{"event":'), 400, 'malformed_json'],
      ['signed, but not an array', '{"event":"delivered"}', deployment('{"event":"delivered"}'), 400, 'validation_failed'],
    ];
    for (const [what, body, headers, status, code] of refusals) {
      const res = await post(body, headers);
      expect({ what, status: res.status, code: res.body.error?.code }).toEqual({ what, status, code });
    }
    expect(await recorded(carol.deliveryId)).toEqual([]);

    const big = JSON.stringify([{ event: 'processed', padding: 'x'.repeat(1024 * 1024) }]);
    const tooLarge = await post(big, deployment(big));
    expect({ status: tooLarge.status, code: tooLarge.body.error?.code }).toEqual({ status: 413, code: 'payload_too_large' });
  });

  it("applies a tenant's own account's batch only to that tenant's deliveries", async () => {
    const gina = await send(globex, 'gina@example.com');
    const carol = await send(acme, 'carol2@example.com');
    const raw = JSON.stringify([
      event(gina, 'delivered', t0 + 10),
      event(carol, 'delivered', t0 + 10),
      // Another tenant's delivery, its custom args rewritten to claim Globex: still not Globex's.
      { ...event(carol, 'bounce', t0 + 11), sesame_tenant_id: globex.id },
    ]);
    const res = await post(raw, globexAccount.sign(raw), `?tenant=${globex.id}`);
    expect(expectStatus(res, 200, 'globex batch').body).toEqual({ applied: 1, duplicates: 0, unmatched: 2, ignored: 0 });
    expect((await recorded(gina.deliveryId)).map((r) => r.event)).toEqual(['delivered']);
    expect(await recorded(carol.deliveryId)).toEqual([]);

    // The deployment's key does not speak for Globex, nor Globex's for the deployment.
    expect((await post(raw, deployment(raw), `?tenant=${globex.id}`)).body.error?.code).toBe('invalid_signature');
    expect((await post(raw, globexAccount.sign(raw))).body.error?.code).toBe('invalid_signature');
    const unconfigured = await post(raw, deployment(raw), `?tenant=${acme.id}`);
    expect({ status: unconfigured.status, code: unconfigured.body.error?.code }).toEqual({ status: 404, code: 'event_webhook_not_configured' });
    expect((await post(raw, deployment(raw), '?tenant=acme')).status).toBe(400);
  });
});
