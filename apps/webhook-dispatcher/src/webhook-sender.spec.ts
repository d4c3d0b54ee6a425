import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWebhookReceiver, WebhookReceiver } from '@sesame/testing';
import { Resolver, SsrfGuard } from '@sesame/webhooks';
import { WebhookSender } from './webhook-sender';

const noDns: Resolver = async (hostname) => {
  throw new Error(`unexpected DNS lookup of ${hostname}`);
};

describe('WebhookSender (real HTTP on loopback)', () => {
  let receiver: WebhookReceiver;
  const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_test' };

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(() => receiver.close());

  it('POSTs the exact body and headers and reports a 2xx as success', async () => {
    const sender = new WebhookSender(new SsrfGuard(['127.0.0.1'], noDns), 2000);
    const result = await sender.send(`${receiver.url}?a=1`, '{"type":"x"}', headers);
    expect(result).toMatchObject({ statusCode: 200, error: null, refused: false });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ method: 'POST', path: '/webhooks?a=1', body: '{"type":"x"}' });
    expect(receiver.received[0].headers).toMatchObject({ 'webhook-id': 'msg_test', 'content-length': '12' });
  });

  it('reports a non-2xx status as a failure', async () => {
    receiver.respondWith(503, 1);
    const sender = new WebhookSender(new SsrfGuard(['127.0.0.1'], noDns), 2000);
    await expect(sender.send(receiver.url, '{}', headers)).resolves.toMatchObject({ statusCode: 503, error: 'HTTP 503', refused: false });
  });

  it('does not follow redirects', async () => {
    const redirector = await listen((_req, res) => {
      res.writeHead(302, { location: receiver.url });
      res.end();
    });
    const sender = new WebhookSender(new SsrfGuard(['127.0.0.1'], noDns), 2000);
    const result = await sender.send(`http://127.0.0.1:${port(redirector)}/hook`, '{}', headers);
    expect(result).toMatchObject({ statusCode: 302, refused: false });
    expect(result.error).toContain('redirect');
    expect(receiver.received).toHaveLength(0);
    redirector.close();
  });

  it('connects to the address the guard vetted, never asking DNS again', async () => {
    // `hooks.sesame.test` exists only in the guard's resolver; the system DNS cannot resolve it.
    const resolver: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const sender = new WebhookSender(new SsrfGuard(['hooks.sesame.test'], resolver), 2000);
    const url = receiver.url.replace('127.0.0.1', 'hooks.sesame.test');
    await expect(sender.send(url, '{}', headers)).resolves.toMatchObject({ statusCode: 200 });
    expect(receiver.received[0].headers.host).toBe(`hooks.sesame.test:${new URL(receiver.url).port}`);
  });

  it('refuses a loopback target that is not allow-listed without contacting it', async () => {
    const sender = new WebhookSender(new SsrfGuard([], noDns), 2000);
    const result = await sender.send(receiver.url, '{}', headers);
    expect(result).toMatchObject({ statusCode: null, refused: true });
    expect(result.error).toContain('loopback');
    expect(receiver.received).toHaveLength(0);
  });

  it('gives up after the timeout when the endpoint never answers', async () => {
    const silent = await listen(() => undefined);
    const sender = new WebhookSender(new SsrfGuard(['127.0.0.1'], noDns), 200);
    const result = await sender.send(`http://127.0.0.1:${port(silent)}/`, '{}', headers);
    expect(result).toMatchObject({ statusCode: null, refused: false, error: 'timed out after 200 ms' });
    expect(result.latencyMs).toBeLessThan(2000);
    silent.closeAllConnections();
    silent.close();
  });

  it('reports a refused connection as a retryable error', async () => {
    const closed = await listen(() => undefined);
    const p = port(closed);
    await new Promise((r) => closed.close(r));
    const sender = new WebhookSender(new SsrfGuard(['127.0.0.1'], noDns), 2000);
    const result = await sender.send(`http://127.0.0.1:${p}/`, '{}', headers);
    expect(result).toMatchObject({ statusCode: null, refused: false });
    expect(result.error).toContain('ECONNREFUSED');
  });
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

function port(server: Server): number {
  return (server.address() as AddressInfo).port;
}
