import { deliveryWebhookEvent, isSendGridEventPublicKey, parseSendGridEvents } from './sendgrid-event';

const DELIVERY = '6f1c2a52-6a43-4b8e-9d0e-2a6c1f0b9e11';
const TENANT = '0b7f4a54-1f77-4c7e-8c47-7f1a3c9d2e33';
const ours = { sesame_delivery_id: DELIVERY, sesame_tenant_id: TENANT, sg_message_id: 'abc.filterdrecv-1', email: 'alice@example.com' };
const ref = { link_id: 'l', type: 'login' as const, user_id: 'u', email: 'alice@example.com', delivery_id: DELIVERY, provider: 'sendgrid' };

describe('isSendGridEventPublicKey', () => {
  it('accepts the key as SendGrid shows it and nothing else', () => {
    // The verification key from @sendgrid/eventwebhook's own tests.
    expect(isSendGridEventPublicKey('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==')).toBe(true);
    expect(isSendGridEventPublicKey('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O')).toBe(false);
    // An RSA SPKI key, and a P-384 one, are not SendGrid's.
    expect(isSendGridEventPublicKey(`MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${'A'.repeat(80)}==`)).toBe(false);
    expect(isSendGridEventPublicKey(`MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE${'A'.repeat(128)}`)).toBe(false);
    expect(isSendGridEventPublicKey(42)).toBe(false);
  });
});

describe('parseSendGridEvents', () => {
  it('keeps tracked events with our custom args, their ids, time and the provider reason only', () => {
    const batch = parseSendGridEvents(JSON.stringify([
      { ...ours, event: 'delivered', timestamp: 1700000000, sg_event_id: 'ev-1', response: '250 OK', ip: '1.2.3.4', useragent: 'x' },
      { ...ours, event: 'bounce', timestamp: 1700000001.9, sg_event_id: 'ev-2', type: 'blocked', reason: '550 no', status: '5.0.0', bounce_classification: 'Reputation' },
      { ...ours, event: 'click', timestamp: 1700000002, sg_event_id: 'ev-3', url: 'https://auth.example.com/l/secret-token' },
      { ...ours, event: 'deferred', timestamp: 1700000003, attempt: 2, response: 'x'.repeat(900) },
    ]));
    expect(batch.ignored).toBe(0);
    expect(batch.unmatched).toBe(0);
    expect(batch.reports.map((r) => [r.event, r.providerEventId, r.occurredAt.toISOString(), r.data])).toEqual([
      ['delivered', 'ev-1', '2023-11-14T22:13:20.000Z', { response: '250 OK' }],
      ['bounce', 'ev-2', '2023-11-14T22:13:21.000Z', { type: 'blocked', reason: '550 no', status: '5.0.0', bounce_classification: 'Reputation' }],
      ['click', 'ev-3', '2023-11-14T22:13:22.000Z', {}],
      ['deferred', null, '2023-11-14T22:13:23.000Z', { attempt: '2', response: 'x'.repeat(500) }],
    ]);
    expect(batch.reports[0]).toMatchObject({ deliveryId: DELIVERY, tenantId: TENANT, providerMessageId: 'abc.filterdrecv-1' });
  });

  it('counts untracked or incomplete events as ignored and events without our custom args as unmatched', () => {
    const batch = parseSendGridEvents(JSON.stringify([
      { ...ours, event: 'processed', timestamp: 1700000000 },
      { ...ours, event: 'spamreport', timestamp: 1700000000 },
      { ...ours, event: 'toString', timestamp: 1700000000 },
      { ...ours, event: 'delivered' },
      { ...ours, event: 'delivered', timestamp: 'yesterday' },
      'delivered',
      null,
      { event: 'delivered', timestamp: 1700000000, sg_event_id: 'e' },
      { ...ours, sesame_delivery_id: 'not-a-uuid', event: 'bounce', timestamp: 1700000000 },
    ]));
    expect(batch).toEqual({ reports: [], ignored: 7, unmatched: 2 });
  });

  it('refuses a body that is not JSON, or not an array', () => {
    expect(() => parseSendGridEvents('[{')).toThrow(expect.objectContaining({ code: 'malformed_json' }));
    expect(() => parseSendGridEvents('{"event":"delivered"}')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('deliveryWebhookEvent', () => {
  it('maps SendGrid events onto the magiclink.email.* webhook events', () => {
    expect(deliveryWebhookEvent({ event: 'delivered', data: { response: '250 OK' } }, ref)).toEqual({ type: 'magiclink.email.delivered', data: ref });
    expect(deliveryWebhookEvent({ event: 'bounce', data: { type: 'blocked', reason: '550 5.7.1 blocked' } }, ref)).toEqual({
      type: 'magiclink.email.bounced', data: { ...ref, reason: 'blocked', detail: '550 5.7.1 blocked' },
    });
    expect(deliveryWebhookEvent({ event: 'bounce', data: {} }, ref)?.data).toMatchObject({ reason: 'bounce', detail: null });
    expect(deliveryWebhookEvent({ event: 'dropped', data: { reason: 'Bounced Address' } }, ref)).toEqual({
      type: 'magiclink.email.dropped', data: { ...ref, reason: 'Bounced Address', detail: null },
    });
    const long = 'y'.repeat(100);
    expect(deliveryWebhookEvent({ event: 'dropped', data: { reason: long } }, ref)?.data).toMatchObject({ reason: 'y'.repeat(64), detail: long });
    expect(deliveryWebhookEvent({ event: 'deferred', data: { response: '421 try later' } }, ref)).toEqual({
      type: 'magiclink.email.deferred', data: { ...ref, reason: 'deferred', detail: '421 try later' },
    });
  });

  it('emits nothing for opens and clicks', () => {
    expect(deliveryWebhookEvent({ event: 'open', data: {} }, ref)).toBeNull();
    expect(deliveryWebhookEvent({ event: 'click', data: {} }, ref)).toBeNull();
  });
});
