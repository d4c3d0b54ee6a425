import { LinkDeliveryRow, toLinkDeliveryView } from './link-delivery-view';

describe('toLinkDeliveryView', () => {
  const row: LinkDeliveryRow = {
    id: 'd1', channel: 'email', to_address: 'ann@example.com', status: 'sent', provider: 'sendgrid', provider_message_id: 'msg-1', attempts: 2,
    sent_at: new Date('2026-01-02T03:04:05.000Z'), last_error: null, last_event: 'delivered', last_event_at: new Date('2026-01-02T03:04:09.000Z'),
    events: [
      { event: 'delivered', occurred_at: '2026-01-02T04:04:09.5+01:00', data: { smtp_id: '<x@y>' } },
      { event: 'processed', occurred_at: '2026-01-02T03:04:06+00:00', data: null },
    ],
  };

  it('names the address `to` and writes every time as ISO 8601 UTC', () => {
    expect(toLinkDeliveryView(row)).toEqual({
      id: 'd1', channel: 'email', to: 'ann@example.com', status: 'sent', provider: 'sendgrid', provider_message_id: 'msg-1', attempts: 2,
      sent_at: '2026-01-02T03:04:05.000Z', last_error: null, last_event: 'delivered', last_event_at: '2026-01-02T03:04:09.000Z',
      events: [
        { event: 'delivered', occurred_at: '2026-01-02T03:04:09.500Z', data: { smtp_id: '<x@y>' } },
        { event: 'processed', occurred_at: '2026-01-02T03:04:06.000Z', data: {} },
      ],
    });
  });

  it('keeps a delivery not yet sent as such', () => {
    expect(toLinkDeliveryView({ ...row, status: 'queued', provider: null, provider_message_id: null, attempts: 0, sent_at: null, last_event: null, last_event_at: null, events: [] }))
      .toMatchObject({ status: 'queued', provider: null, sent_at: null, last_event_at: null, events: [] });
  });
});
