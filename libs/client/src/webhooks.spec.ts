import { generateWebhookSecret, newWebhookMessageId, signWebhookWithAll } from '@sesame/crypto';
import { verifyWebhook, WebhookVerificationError } from './webhooks';

/** A delivery signed the way the webhook-dispatcher signs it (libs/crypto). */
function delivery(secrets: string[], body: string, at = new Date()) {
  const id = newWebhookMessageId();
  const timestamp = Math.floor(at.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhookWithAll(secrets, id, timestamp, body) };
}

describe('verifyWebhook', () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ type: 'magiclink.email.sent', timestamp: '2026-12-07T08:00:00.000Z', data: { email: 'ada@example.com' } });

  it('returns the event of a delivery signed with the secret, from Node headers or fetch Headers, string or bytes', () => {
    const headers = delivery([secret], body);
    expect(verifyWebhook(secret, headers, body)).toEqual(JSON.parse(body));
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), [v]]));
    expect(verifyWebhook(secret, upper, Buffer.from(body)).type).toBe('magiclink.email.sent');
    expect(verifyWebhook(secret, new Headers(headers), new TextEncoder().encode(body)).data).toEqual({ email: 'ada@example.com' });
  });

  it('refuses a changed body, another secret, a missing header and an old timestamp', () => {
    const headers = delivery([secret], body);
    expect(() => verifyWebhook(secret, headers, body.replace('ada', 'eve'))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(generateWebhookSecret(), headers, body)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(secret, { ...headers, 'webhook-signature': undefined }, body)).toThrow(WebhookVerificationError);
    const old = delivery([secret], body, new Date(Date.now() - 10 * 60_000));
    expect(() => verifyWebhook(secret, old, body)).toThrow(/timestamp/i);
  });

  it('verifies during a rotation with either secret, and with a list of secrets', () => {
    const previous = generateWebhookSecret();
    const headers = delivery([secret, previous], body);
    expect(verifyWebhook(secret, headers, body).type).toBe('magiclink.email.sent');
    expect(verifyWebhook(previous, headers, body).type).toBe('magiclink.email.sent');
    const onlyNew = delivery([secret], body);
    expect(verifyWebhook([previous, secret], onlyNew, body).type).toBe('magiclink.email.sent');
    expect(() => verifyWebhook([], onlyNew, body)).toThrow(WebhookVerificationError);
  });
});
