import { FakeSendGrid, freePort, startFakeSendGrid } from '@sesame/testing';
import type { MailMessage, MailTransport } from './mail-transport';
import { SendGridHttpTransport } from './sendgrid-http.transport';
import { SendGridTransport } from './sendgrid.transport';
import { TransportError } from './transport-error';

/**
 * The keep-alive HTTP client against the local fake SendGrid, side by side with the official
 * client: both must put the same request on the wire and read every answer the same way.
 */
describe('SendGridHttpTransport', () => {
  let fake: FakeSendGrid;
  let fast: SendGridHttpTransport;
  let official: SendGridTransport;
  const opts = () => ({ apiKey: 'SG.key', baseUrl: fake.url, timeoutMs: 1000 });
  const msg = (over: Partial<MailMessage> = {}): MailMessage => ({
    to: 'ada@acme.test', from: 'Acme Sign-in <auth@acme.test>', subject: 'Sign in to Acme',
    html: '<p>Hello <a href="https://x.test/l/t">sign in</a></p>', text: 'Sign in: https://x.test/l/t',
    deliveryId: 'd-1', tenantId: 't-1', ...over,
  });

  beforeAll(async () => {
    fake = await startFakeSendGrid({ apiKey: 'SG.key' });
  });
  beforeEach(() => {
    fake.reset();
    fast = new SendGridHttpTransport(opts());
    official = SendGridTransport.create(opts());
  });
  afterEach(() => fast.close());
  afterAll(() => fake.close());

  it.each([
    ['a named sender', {}],
    ['a bare sender and unicode', { from: 'auth@acme.test', subject: 'Anmelden bei Müller – “Acme”', text: 'é\nü', to: 'zoë@acme.test' }],
    ['a quoted name', { from: '"Acme, Inc." <auth@acme.test>' }],
  ])('sends the body and headers the official client sends (%s)', async (_, over) => {
    const a = await official.send(msg(over));
    const b = await fast.send(msg(over));
    const [viaOfficial, viaHttp] = fake.requests;
    expect(viaHttp.body).toEqual(viaOfficial.body);
    expect(viaHttp.headers.authorization).toBe('Bearer SG.key');
    expect(viaHttp.headers['content-type']).toBe('application/json');
    expect(viaHttp.body.tracking_settings.click_tracking).toEqual({ enable: false, enable_text: false });
    expect(b).toEqual({ provider: 'sendgrid', messageId: expect.any(String) });
    expect(a.provider).toBe(b.provider);
  });

  it.each([
    ['400', 400, {}, { permanent: true, retryAfterMs: undefined }],
    ['401', 401, {}, { permanent: true, retryAfterMs: undefined }],
    ['413', 413, {}, { permanent: true, retryAfterMs: undefined }],
    ['500', 500, {}, { permanent: false, retryAfterMs: undefined }],
    ['503', 503, {}, { permanent: false, retryAfterMs: undefined }],
    ['408', 408, {}, { permanent: false, retryAfterMs: undefined }],
  ])('classifies a %s as the official client does', async (_, status, headers, expected) => {
    const errs: unknown[] = [];
    for (const t of [official, fast] as MailTransport[]) {
      fake.respondWith(status, headers);
      errs.push(await t.send(msg()).catch((e: unknown) => e));
    }
    const [a, b] = errs as TransportError[];
    expect(b).toBeInstanceOf(TransportError);
    expect(b).toMatchObject(expected);
    expect(b.message).toBe(a.message);
    expect(b.message).toBe(`SendGrid ${status}: scripted ${status}`);
  });

  it('429 waits until X-RateLimit-Reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 30;
    fake.respondWith(429, { 'X-RateLimit-Reset': String(reset) });
    const err = (await fast.send(msg()).catch((e: unknown) => e)) as TransportError;
    expect(err).toMatchObject({ permanent: false });
    expect(err.retryAfterMs).toBeGreaterThan(25_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('keeps working on the same pool after failures, and reuses connections', async () => {
    fake.respondWith(500, {}, 3);
    for (let i = 0; i < 3; i++) await expect(fast.send(msg())).rejects.toMatchObject({ permanent: false });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => fast.send(msg({ deliveryId: `d-${i}` }))));
    expect(results.every((r) => r.messageId)).toBe(true);
    const ids = fake.requests.slice(3).map((r) => r.body.custom_args.sesame_delivery_id).sort();
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `d-${i}`).sort());
    // Sequential sends after the burst go over a pooled connection, not a new one each.
    const sockets = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      await fast.send(msg());
      sockets.add(Object.values((fast as unknown as { agent: { freeSockets: Record<string, unknown[]> } }).agent.freeSockets).flat()[0]);
    }
    expect(sockets.size).toBe(1);
  });

  it('a provider that does not answer in time is a retryable timeout', async () => {
    fake.fault('delay', 1, 3000);
    const started = Date.now();
    await expect(fast.send(msg())).rejects.toMatchObject({ permanent: false, message: 'SendGrid request failed: ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('keeps a path prefix of SENDGRID_BASE_URL, as the official client does', () => {
    const viaProxy = new SendGridHttpTransport({ ...opts(), baseUrl: 'https://proxy.test/sendgrid/' });
    expect((viaProxy as unknown as { url: URL }).url.href).toBe('https://proxy.test/sendgrid/v3/mail/send');
    viaProxy.close();
  });

  it('a refused connection is retryable', async () => {
    const closed = new SendGridHttpTransport({ ...opts(), baseUrl: `http://127.0.0.1:${await freePort()}` });
    await expect(closed.send(msg())).rejects.toMatchObject({ permanent: false, message: 'SendGrid request failed: ECONNREFUSED' });
    closed.close();
  });
});
