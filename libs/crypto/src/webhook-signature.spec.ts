import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, newWebhookMessageId, signWebhook, signWebhookWithAll } from './webhook-signature';

describe('webhook signatures (Standard Webhooks 1.0)', () => {
  const body = JSON.stringify({ type: 'magiclink.consumed', timestamp: '2024-01-01T00:00:00Z', data: { id: 'ml_1' } });
  const msgId = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';

  function headers(signature: string, ts: number): Record<string, string> {
    return { 'webhook-id': msgId, 'webhook-timestamp': String(ts), 'webhook-signature': signature };
  }

  it('generates whsec_ + base64 of 32 bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('is verified by the standardwebhooks package', () => {
    const secret = generateWebhookSecret();
    const ts = Math.floor(Date.now() / 1000);
    const signature = signWebhook(secret, msgId, ts, body);
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headers(signature, ts))).toEqual(JSON.parse(body));
  });

  it('equals the reference implementation', () => {
    const secret = generateWebhookSecret();
    const ts = Math.floor(Date.now() / 1000);
    expect(signWebhook(secret, msgId, ts, body)).toBe(new Webhook(secret).sign(msgId, new Date(ts * 1000), body));
  });

  it('fails verification with a wrong secret, body, id or timestamp', () => {
    const secret = generateWebhookSecret();
    const ts = Math.floor(Date.now() / 1000);
    const signature = signWebhook(secret, msgId, ts, body);
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers(signature, ts))).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers(signature, ts))).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers(signature, ts), 'webhook-id': 'msg_other' })).toThrow();
    expect(() => new Webhook(secret).verify(body, headers(signature, ts + 1))).toThrow();
  });

  it("reproduces the specification's published test vector", () => {
    // standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, "sign function works".
    expect(signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('signs with every secret during a rotation; either one verifies', () => {
    const [next, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const ts = Math.floor(Date.now() / 1000);
    const header = signWebhookWithAll([next, previous], msgId, ts, body);
    expect(header.split(' ')).toEqual([signWebhook(next, msgId, ts, body), signWebhook(previous, msgId, ts, body)]);
    for (const secret of [next, previous]) expect(new Webhook(secret).verify(body, headers(header, ts))).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers(header, ts))).toThrow();
    expect(() => signWebhookWithAll([], msgId, ts, body)).toThrow();
  });

  it('makes message ids of the form msg_<24 base64url>', () => {
    expect(newWebhookMessageId()).toMatch(/^msg_[A-Za-z0-9_-]{24}$/);
    expect(newWebhookMessageId()).not.toBe(newWebhookMessageId());
  });

  it('rejects a malformed secret or timestamp', () => {
    expect(() => signWebhook('whsec_not base64!', msgId, 1, body)).toThrow();
    expect(() => signWebhook(generateWebhookSecret(), msgId, 1.5, body)).toThrow();
  });
});
