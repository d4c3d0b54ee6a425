// The whole pipeline as a new user meets it: POST /v1/magic-links with send=true, then the outbox,
// relay, queue, mail-worker and the provider's 202. Two runs, each on its own tenant:
//   create_send            C connections, closed loop, D seconds: what the API accepts, then the
//                          clock runs on until the provider has accepted every email. `sustained_per_s`
//                          = emails accepted by the provider / (last accept − start): the rate the
//                          pipeline can keep up, which is what a backlog grows against.
//   create_send_at_rate    RATE links/s offered (open loop, autocannon overallRate) for D seconds:
//                          the time from the API's answer to the provider's accept, p50/p99.
// Both report the CPU spent per link by each process while the scenario ran, idle costs included
// (scripts/lib/cpu-usage.mjs). Bounded: D seconds of load and drainS (120) for the drain; a drain
// that times out says so.
import { performance } from 'node:perf_hooks';
import { benchTenant } from './bench-tenant.mjs';
import { cpuMsPer, cpuSeconds } from './cpu-usage.mjs';

export async function benchPipeline({ stack, run, C, D, rate, drainS = 120, label }) {
  const bench = await benchTenant(stack, `Bench ${label}`);
  const tenant = { body: { id: bench.id, api_key: bench.key } };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${bench.key}` };
  const tag = Date.now().toString(36);
  let n = 0;
  // Wall-clock ms of each link's 201, keyed by link id: the fake provider stamps its receipts with
  // the same clock (it runs in this process).
  const answeredAt = new Map();
  const requestsBefore = stack.sendgrid.requests.length;
  const cpuBefore = await cpuSeconds(stack);
  const started = Date.now();
  const t0 = performance.now();
  const r = await run({
    url: stack.baseUrl, connections: C, duration: D, ...(rate ? { overallRate: rate } : {}),
    requests: [{
      method: 'POST', path: '/v1/magic-links', headers,
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `p${tag}-${n++}@bench.test`, send: true }) }),
      onResponse: (status, body) => { if (status === 201) answeredAt.set(JSON.parse(body).id, Date.now()); },
    }],
  });
  const loadS = (performance.now() - t0) / 1000;
  const created = r['2xx'];
  const acceptedDuringRun = stack.sendgrid.requests.length - requestsBefore;
  // Drained when the tenant has deliveries and none is still on its way. Counted in Postgres, not
  // from the 201s: requests in flight when the load stopped were created but never counted.
  const pendingOf = async () => (await stack.db.pool.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status NOT IN ('sent', 'failed', 'skipped'))::int AS pending
     FROM mail_deliveries WHERE tenant_id = $1`, [tenant.body.id])).rows[0];
  const deadline = performance.now() + drainS * 1000;
  let left = await pendingOf();
  while ((left.pending > 0 || left.total < created) && performance.now() < deadline) {
    await new Promise((res) => setTimeout(res, 50));
    left = await pendingOf();
  }
  const cpuAfter = await cpuSeconds(stack);
  const mine = stack.sendgrid.requests.slice(requestsBefore).filter((q) => q.status >= 200 && q.status < 300);
  const lastAccept = mine.length ? Math.max(...mine.map((q) => q.receivedAt.getTime())) : Date.now();
  const { rows } = await stack.db.pool.query('SELECT id::text, link_id::text FROM mail_deliveries WHERE tenant_id = $1', [tenant.body.id]);
  const linkOf = new Map(rows.map((x) => [x.id, x.link_id]));
  const lags = [];
  for (const q of mine) {
    const at = answeredAt.get(linkOf.get(q.body?.custom_args?.sesame_delivery_id));
    if (at !== undefined) lags.push(q.receivedAt.getTime() - at);
  }
  lags.sort((a, b) => a - b);
  const pct = (p) => (lags.length ? lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] : null);
  return {
    scenario: label, ...(rate ? { offered_per_s: rate } : {}),
    api_rps: Math.round(created / loadS), ok: created, non2xx: r.non2xx, errors: r.errors, api_p50_ms: r.latency.p50, api_p99_ms: r.latency.p99,
    accepted_during_run: acceptedDuringRun, provider_accepted: mine.length,
    sustained_per_s: Math.round(mine.length / Math.max(0.001, (lastAccept - started) / 1000)),
    answer_to_accept_p50_ms: pct(50), answer_to_accept_p99_ms: pct(99), answer_to_accept_max_ms: lags.at(-1) ?? null,
    cpu_ms_per_link: cpuMsPer(cpuBefore, cpuAfter, mine.length),
    ...(left.pending > 0 ? { drain_timed_out: true, drain_s: drainS, still_pending: left.pending } : {}),
  };
}
