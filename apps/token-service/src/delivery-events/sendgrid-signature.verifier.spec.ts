import { createSign, generateKeyPairSync, KeyObject } from 'node:crypto';
import { EventWebhook } from '@sendgrid/eventwebhook';
import { SendGridSignatureVerifier } from './sendgrid-signature.verifier';

/** What SendGrid does: ECDSA P-256 over timestamp + raw body, SHA-256, DER signature in base64; the key as base64 SPKI. */
function sendGridAccount(): { publicKey: string; sign(body: string, timestamp: number): { signature: string; timestamp: string } } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    publicKey: (publicKey as KeyObject).export({ type: 'spki', format: 'der' }).toString('base64'),
    sign: (body, timestamp) => ({
      signature: createSign('sha256').update(`${timestamp}${body}`).sign(privateKey).toString('base64'),
      timestamp: String(timestamp),
    }),
  };
}

const NOW = 1_800_000_000_000;
const nowSeconds = NOW / 1000;
const body = `${JSON.stringify([{ email: 'alice@example.com', event: 'delivered', sg_event_id: 'ev-1', timestamp: nowSeconds - 5 }])}\r\n`;

describe('SendGridSignatureVerifier', () => {
  const verifier = new SendGridSignatureVerifier({ SENDGRID_EVENT_MAX_AGE_SECONDS: 300 });
  const account = sendGridAccount();
  const code = (fn: () => void): string | null => {
    try {
      fn();
      return null;
    } catch (err) {
      return (err as { code?: string }).code ?? String(err);
    }
  };

  it('signs in the test exactly as SendGrid does (the package itself agrees)', () => {
    const ew = new EventWebhook();
    const { signature, timestamp } = account.sign(body, nowSeconds);
    expect(ew.verifySignature(ew.convertPublicKeyToECDSA(account.publicKey), body, signature, timestamp)).toBe(true);
  });

  it('accepts a batch signed with the account key, over the exact bytes', () => {
    const signed = account.sign(body, nowSeconds - 10);
    expect(code(() => verifier.verify(account.publicKey, { body: Buffer.from(body), ...signed }, NOW))).toBeNull();
  });

  it("accepts SendGrid's own published example (its key, signature and body)", () => {
    const publicKey = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==';
    const signature = 'MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=';
    const example = `${JSON.stringify([{
      email: 'hello@world.com', event: 'dropped', reason: 'Bounced Address', sg_event_id: 'ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA',
      sg_message_id: 'LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0', 'smtp-id': '<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>',
      timestamp: 1600112492,
    }])}\r\n`;
    const batch = { body: Buffer.from(example), signature, timestamp: '1600112502' };
    expect(code(() => verifier.verify(publicKey, batch, 1600112510_000))).toBeNull();
    expect(code(() => verifier.verify(publicKey, { ...batch, body: Buffer.from(example.trim()) }, 1600112510_000))).toBe('invalid_signature');
  });

  it('refuses a changed body, a changed timestamp, another key, a garbled or missing signature', () => {
    const signed = account.sign(body, nowSeconds);
    const other = sendGridAccount();
    const cases = {
      changedBody: { body: Buffer.from(body.replace('delivered', 'bounce')), ...signed },
      changedTimestamp: { body: Buffer.from(body), ...signed, timestamp: String(nowSeconds - 1) },
      garbled: { body: Buffer.from(body), ...signed, signature: 'not base64 at all!' },
      truncated: { body: Buffer.from(body), ...signed, signature: signed.signature.slice(0, 40) },
      noSignature: { body: Buffer.from(body), timestamp: signed.timestamp },
      noTimestamp: { body: Buffer.from(body), signature: signed.signature },
      timestampNotANumber: { body: Buffer.from(body), ...signed, timestamp: `${signed.timestamp}.0` },
    };
    for (const [name, batch] of Object.entries(cases)) {
      expect([name, code(() => verifier.verify(account.publicKey, batch, NOW))]).toEqual([name, 'invalid_signature']);
    }
    expect(code(() => verifier.verify(other.publicKey, { body: Buffer.from(body), ...signed }, NOW))).toBe('invalid_signature');
  });

  it('refuses a correctly signed batch whose timestamp is outside the allowed age, either way', () => {
    const at = (seconds: number) => ({ body: Buffer.from(body), ...account.sign(body, seconds) });
    expect(code(() => verifier.verify(account.publicKey, at(nowSeconds - 299), NOW))).toBeNull();
    expect(code(() => verifier.verify(account.publicKey, at(nowSeconds - 301), NOW))).toBe('stale_timestamp');
    expect(code(() => verifier.verify(account.publicKey, at(nowSeconds + 301), NOW))).toBe('stale_timestamp');
  });

  it('says the key is unusable rather than blaming the signature', () => {
    const signed = account.sign(body, nowSeconds);
    expect(code(() => verifier.verify('MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE', { body: Buffer.from(body), ...signed }, NOW))).toBe('event_webhook_not_configured');
  });
});
