import { startWebhookReceiver, WebhookReceiver } from './webhook-receiver';

describe('startWebhookReceiver', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(() => receiver.close());

  const post = (body = '{"a":1}') =>
    fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' }, body }).then((r) => r.status);

  it('listens on 127.0.0.1 and records the raw body and headers', async () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks$/);
    expect(await post('{"b": 2}')).toBe(200);
    expect(receiver.received).toEqual([
      expect.objectContaining({ method: 'POST', path: '/webhooks', body: '{"b": 2}', headers: expect.objectContaining({ 'webhook-id': 'msg_1' }) }),
    ]);
    expect(receiver.received[0].receivedAt).toBeInstanceOf(Date);
  });

  it('answers a status for the next N requests, then the default', async () => {
    receiver.respondWith(500, 2);
    receiver.respondWith(410, 1);
    expect([await post(), await post(), await post(), await post()]).toEqual([500, 500, 410, 200]);
    receiver.respondWith(503);
    expect([await post(), await post()]).toEqual([503, 503]);
  });

  it('waits for a count or a predicate, and times out with a clear error', async () => {
    const waiting = receiver.waitFor(2, 2000);
    await post();
    await post();
    await expect(waiting).resolves.toHaveLength(2);
    await expect(receiver.waitFor((r) => r.some((x) => x.body === '{"a":1}'))).resolves.toHaveLength(2);
    await expect(receiver.waitFor(3, 50)).rejects.toThrow(/2 request\(s\) received/);
  });
});
