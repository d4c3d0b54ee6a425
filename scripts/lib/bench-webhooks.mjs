// The `webhooks` scenario of `npm run bench`: E endpoints on one local receiver (keep-alive HTTP
// in this process) subscribe to magiclink.created; N links are created through the API; every
// delivery is counted and 1 in 50 has its signature checked with the standardwebhooks package.
// deliveries_per_s is the dispatcher's rate once the creates are done (the drain, nothing else
// running); overall_per_s counts from the first delivery to the last.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { benchTenant } from './bench-tenant.mjs';

export async function benchWebhooks({ stack, run, C, E, N }) {
  // Its own tenant, so the other scenarios' links have no subscriber.
  const { key } = await benchTenant(stack, 'Bench webhooks');
  const verifiers = [];
  const seen = new Set();
  let received = 0, duplicates = 0, badSignatures = 0, checked = 0, firstAt = 0, lastAt = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      if (!firstAt) firstAt = now;
      lastAt = now;
      received++;
      const id = req.headers['webhook-id'];
      if (seen.has(id)) duplicates++;
      else seen.add(id);
      if (received % 50 === 1) {
        checked++;
        try {
          verifiers[Number(req.url.split('/').pop())].verify(Buffer.concat(chunks).toString('utf8'), req.headers);
        } catch {
          badSignatures++;
        }
      }
      res.writeHead(204);
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  try {
    for (let i = 0; i < E; i++) {
      const ep = await stack.api('/v1/webhook-endpoints', { key, body: { url: `http://127.0.0.1:${port}/hook/${i}`, events: ['magiclink.created'] } });
      if (ep.status !== 201) throw new Error(`endpoint: ${ep.status} ${JSON.stringify(ep.body)}`);
      verifiers.push(new Webhook(ep.body.secret));
    }
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    const tag = Date.now().toString(36);
    let n = 0;
    const creates = await run({
      url: stack.baseUrl, connections: C, amount: N, requests: [{
        method: 'POST', path: '/v1/magic-links', headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `w${tag}-${n++}@bench.test`, send: false }) }),
      }],
    });
    const expected = creates['2xx'] * E;
    const drainFrom = performance.now();
    const atDrainStart = received;
    let last = received, idleSince = performance.now();
    while (received < expected && performance.now() - idleSince < 30_000) {
      await new Promise((r) => setTimeout(r, 50));
      if (received !== last) [last, idleSince] = [received, performance.now()];
    }
    const drainS = (lastAt - drainFrom) / 1000;
    return {
      scenario: 'webhooks', endpoints: E, events: creates['2xx'], expected, delivered: received, duplicates,
      signatures_checked: checked, bad_signatures: badSignatures,
      deliveries_per_s: drainS > 0 ? Math.round((received - atDrainStart) / drainS) : null,
      overall_per_s: Math.round(received / ((lastAt - firstAt) / 1000)),
      delivered_during_creates: atDrainStart, drain_s: +drainS.toFixed(2),
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
