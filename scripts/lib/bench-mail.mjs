// The `mail` scenario of `npm run bench`: the mail-worker's throughput to the fake SendGrid.
// The mail queue is paused, N links are created with send=true (their jobs pile up in Redis),
// then the queue is resumed and the clock runs until every delivery of the scenario's tenant is
// `sent` in Postgres. Bounded: N ≤ 50 000 requests and TIMEOUT_S for the drain; on a timeout the
// result says what was reached (timed_out: true) and the bench exits non-zero.
import { performance } from 'node:perf_hooks';
import { benchTenant } from './bench-tenant.mjs';
import { cpuMsPer, cpuSeconds } from './cpu-usage.mjs';

const MAX_N = 50_000;

export async function benchMail({ stack, run, C, N, timeoutS, Queue, queueName, bullPrefix }) {
  const n = Math.min(Math.max(1, N), MAX_N);
  const bench = await benchTenant(stack, 'Bench mail');
  const tenant = { body: { id: bench.id, api_key: bench.key } };
  const tenantId = bench.id;
  const queue = new Queue(queueName, { connection: { url: stack.env.REDIS_URL, maxRetriesPerRequest: null }, prefix: bullPrefix(stack.env.REDIS_PREFIX) });
  const deadline = performance.now() + timeoutS * 1000;
  const counts = async () => {
    const { rows: [r] } = await stack.db.pool.query(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status IN ('failed', 'skipped'))::int AS given_up,
              count(*)::int AS total
       FROM mail_deliveries WHERE tenant_id = $1`,
      [tenantId],
    );
    return r;
  };
  try {
    await queue.pause();
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${tenant.body.api_key}` };
    const tag = Date.now().toString(36);
    let i = 0;
    const creates = await run({
      url: stack.baseUrl, connections: C, amount: n, requests: [{
        method: 'POST', path: '/v1/magic-links', headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `m${tag}-${i++}@bench.test`, send: true }) }),
      }],
    });
    const created = creates['2xx'];
    // Every job published by the outbox relay and waiting in the paused queue.
    let queued = 0;
    while (performance.now() < deadline) {
      const c = await queue.getJobCounts('paused', 'wait', 'prioritized');
      queued = c.paused + c.wait + c.prioritized;
      if (queued >= created) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const requestsBefore = stack.sendgrid.requests.length;
    const cpuBefore = await cpuSeconds(stack);
    const started = performance.now();
    await queue.resume();
    let last = await counts();
    while (last.sent + last.given_up < created && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      last = await counts();
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = await cpuSeconds(stack);
    const accepted = stack.sendgrid.requests.slice(requestsBefore).filter((r) => r.status >= 200 && r.status < 300);
    const deliveryIds = new Set(accepted.map((r) => r.body?.custom_args?.sesame_delivery_id));
    return {
      scenario: 'mail', messages: last.sent, seconds: +seconds.toFixed(2), msgs_per_s: Math.round(last.sent / seconds),
      worker_concurrency: Number(stack.env.MAIL_CONCURRENCY ?? 16), created, create_errors: creates.non2xx + creates.errors,
      queued_before_resume: queued, given_up: last.given_up, provider_accepted: accepted.length,
      duplicate_sends: accepted.length - deliveryIds.size,
      cpu_s: Object.fromEntries(Object.entries(cpuMsPer(cpuBefore, cpuAfter, 1)).map(([k, ms]) => [k, +(ms / 1000).toFixed(2)])),
      cpu_ms_per_msg: cpuMsPer(cpuBefore, cpuAfter, last.sent),
      ...(last.sent + last.given_up < created ? { timed_out: true, timeout_s: timeoutS } : {}),
    };
  } finally {
    await queue.close();
  }
}
