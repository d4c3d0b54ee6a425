// Beyond capacity (docs/performance.md "Overload and fairness"). Clients here behave as the SDK
// does: a 503 or 429 is retried after its Retry-After, so "20× the connections" is 20× as many
// well-behaved clients, not a retry storm.
//   overload         create send=true from C connections (the peak), then from OVERLOAD_X × C
//                    (20×): goodput as a fraction of the peak, p50/p99 of accepted requests, the
//                    time refusals took, 5xx other than 503, and the mail backlog's drain rate.
//   noisy_neighbour  tenant B alone at B_RATE links/s (send=true), then again while tenant A pushes
//                    from NOISY_C connections: B's API p99 and B's answer→provider-accept p99,
//                    each beside B alone.
import { performance } from 'node:perf_hooks';
import { benchTenant } from './bench-tenant.mjs';
import { loadInWorker as load } from './load-clients.mjs';


const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);
const round = (x) => (x === null ? null : Math.round(x * 10) / 10);

function apiFigures({ records, seconds, clientLagP99Ms }) {
  const ok = records.filter((r) => r.status === 201);
  const refused = records.filter((r) => r.status === 503 || r.status === 429);
  const okMs = ok.map((r) => r.ms).sort((a, b) => a - b);
  const refusedMs = refused.map((r) => r.ms).sort((a, b) => a - b);
  return {
    goodput_per_s: Math.round(ok.length / seconds), ok: ok.length,
    accepted_p50_ms: round(pct(okMs, 50)), accepted_p99_ms: round(pct(okMs, 99)),
    refused: refused.length, refused_503: refused.filter((r) => r.status === 503).length, refused_429: refused.length - refused.filter((r) => r.status === 503).length,
    refused_p50_ms: round(pct(refusedMs, 50)), refused_p99_ms: round(pct(refusedMs, 99)),
    refused_without_retry_after: refused.filter((r) => !(r.retryAfter > 0)).length,
    other_5xx: records.filter((r) => r.status >= 500 && r.status !== 503).length,
    transport_errors: records.filter((r) => r.status === 0).length,
    client_event_loop_delay_p99_ms: clientLagP99Ms,
  };
}

/** Waits until every delivery of the tenant is final; returns the emails accepted and the drain rate. */
async function drain(stack, tenantId, created, timeoutS) {
  const pendingOf = async () => (await stack.db.pool.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status NOT IN ('sent', 'failed', 'skipped'))::int AS pending
     FROM mail_deliveries WHERE tenant_id = $1`, [tenantId])).rows[0];
  const t0 = performance.now();
  const deadline = t0 + timeoutS * 1000;
  let left = await pendingOf();
  const backlog = left.pending;
  while ((left.pending > 0 || left.total < created) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = await pendingOf();
  }
  const s = (performance.now() - t0) / 1000;
  const { rows } = await stack.db.pool.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS total FROM mail_deliveries WHERE tenant_id = $1`, [tenantId]);
  return {
    backlog_at_end_of_load: backlog, drain_s: round(s), drain_per_s: backlog > 0 ? Math.round(backlog / Math.max(0.001, s)) : null,
    sent: rows[0].sent, deliveries: rows[0].total, lost: Math.max(0, created - rows[0].total), still_pending: left.pending,
  };
}

/** Answer → provider-accept delays (ms, sorted) of a tenant's links created in `records`. */
async function acceptDelays(stack, tenantId, records) {
  const answeredAt = new Map(records.filter((r) => r.linkId).map((r) => [r.linkId, r.answeredAt]));
  const { rows } = await stack.db.pool.query('SELECT id::text, link_id::text FROM mail_deliveries WHERE tenant_id = $1', [tenantId]);
  const linkOf = new Map(rows.map((x) => [x.id, x.link_id]));
  const lags = [];
  for (const q of stack.sendgrid.requests) {
    if (q.status < 200 || q.status >= 300) continue;
    const at = answeredAt.get(linkOf.get(q.body?.custom_args?.sesame_delivery_id));
    if (at !== undefined) lags.push(q.receivedAt.getTime() - at);
  }
  return lags.sort((a, b) => a - b);
}

export async function benchOverload({ stack, C, D, overloadX = 20, drainS = 180 }) {
  const tag = Date.now().toString(36);
  const peakTenant = await benchTenant(stack, 'Bench peak');
  const peak = apiFigures(await load({ url: stack.baseUrl, key: peakTenant.key, connections: C, seconds: D, tag: `pk${tag}` }));
  const peakDrain = await drain(stack, peakTenant.id, peak.ok, drainS);
  const overTenant = await benchTenant(stack, 'Bench overload');
  const overRun = await load({ url: stack.baseUrl, key: overTenant.key, connections: C * overloadX, seconds: D, tag: `ov${tag}` });
  const over = apiFigures(overRun);
  const overDrain = await drain(stack, overTenant.id, over.ok, drainS);
  return {
    scenario: 'overload', knee_connections: C, overload_connections: C * overloadX,
    peak_goodput_per_s: peak.goodput_per_s, peak_p99_ms: peak.accepted_p99_ms, peak_drain: peakDrain,
    ...Object.fromEntries(Object.entries(over).map(([k, v]) => [`overload_${k}`, v])),
    goodput_vs_peak: peak.goodput_per_s ? Math.round((over.goodput_per_s / peak.goodput_per_s) * 100) / 100 : null,
    overload_drain: overDrain,
  };
}

export async function benchNoisyNeighbour({ stack, D, bRate = 20, noisyC = 500, drainS = 180 }) {
  const tag = Date.now().toString(36);
  const bAlone = await benchTenant(stack, 'Bench B alone');
  const alone = await load({ url: stack.baseUrl, key: bAlone.key, connections: 4, seconds: D, rate: bRate, tag: `ba${tag}` });
  await drain(stack, bAlone.id, alone.records.filter((r) => r.status === 201).length, drainS);
  const aloneDelays = await acceptDelays(stack, bAlone.id, alone.records);

  const a = await benchTenant(stack, 'Bench A noisy');
  const b = await benchTenant(stack, 'Bench B');
  const [noisy, beside] = await Promise.all([
    load({ url: stack.baseUrl, key: a.key, connections: noisyC, seconds: D, tag: `na${tag}` }),
    load({ url: stack.baseUrl, key: b.key, connections: 4, seconds: D, rate: bRate, tag: `nb${tag}` }),
  ]);
  await drain(stack, b.id, beside.records.filter((r) => r.status === 201).length, drainS);
  const besideDelays = await acceptDelays(stack, b.id, beside.records);
  const aDrain = await drain(stack, a.id, noisy.records.filter((r) => r.status === 201).length, drainS);
  const bAloneApi = apiFigures(alone);
  const bBesideApi = apiFigures(beside);
  const ratio = (x, y) => (x && y ? Math.round((x / y) * 100) / 100 : null);
  return {
    scenario: 'noisy_neighbour', b_rate_per_s: bRate, a_connections: noisyC,
    b_alone: { ...bAloneApi, accept_delay_p50_ms: pct(aloneDelays, 50), accept_delay_p99_ms: pct(aloneDelays, 99) },
    b_beside_a: { ...bBesideApi, accept_delay_p50_ms: pct(besideDelays, 50), accept_delay_p99_ms: pct(besideDelays, 99) },
    a: { ...apiFigures(noisy), drain: aDrain },
    b_api_p99_vs_alone: ratio(bBesideApi.accepted_p99_ms, bAloneApi.accepted_p99_ms),
    b_accept_delay_p99_vs_alone: ratio(pct(besideDelays, 99), pct(aloneDelays, 99)),
  };
}
