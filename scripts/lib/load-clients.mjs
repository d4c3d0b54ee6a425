// Closed- or open-loop HTTP clients for the overload benches (bench-overload.mjs). Each load runs
// in a worker thread of its own: a client's event loop, busy with a thousand connections, would
// otherwise add its own delay to every time it measures, and to the other load beside it (tenant B
// timed on the event loop that serves tenant A's 500 connections measured A, not the service).
import http from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * Load from `connections` clients for `seconds`: closed loop (each client sends its next request
 * when the last is answered), or open loop at `rate` requests/s spread over the clients.
 * Refusals wait out Retry-After, as the SDK does. Returns per-request records, the time taken and
 * the p99 delay of the clients' own event loop (what the times below include of the client).
 */
export async function load({ url, key, connections, seconds, rate, tag }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL('/v1/magic-links', url);
  const records = [];
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const one = () => new Promise((resolve) => {
    const body = JSON.stringify({ email: `${tag}-${n++}@bench.test`, send: true });
    const started = performance.now();
    const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        const rec = { status: res.statusCode, ms: performance.now() - started, retryAfter: Number(res.headers['retry-after'] ?? 0), answeredAt: Date.now() };
        if (res.statusCode === 201) rec.linkId = JSON.parse(text).id;
        records.push(rec);
        resolve(rec);
      });
    });
    req.on('error', () => { const rec = { status: 0, ms: performance.now() - started, retryAfter: 0 }; records.push(rec); resolve(rec); });
    req.end(body);
  });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const client = async (i) => {
    let next = performance.now() + (rate ? (i * connections) / rate : 0);
    while (performance.now() < end) {
      if (rate) {
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        next += (connections / rate) * 1000;
        if (performance.now() >= end) break;
      }
      const rec = await one();
      if ((rec.status === 503 || rec.status === 429) && rec.retryAfter > 0) await sleep(rec.retryAfter * 1000 * (0.5 + Math.random()));
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, (_, i) => client(i)));
  agent.destroy();
  lag.disable();
  return { records, seconds: (performance.now() - t0) / 1000, clientLagP99Ms: Math.round(lag.percentile(99) / 1e5) / 10 };
}

/** `load` in a worker thread of its own. */
export function loadInWorker(options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: options });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`load worker exited with ${code}`)); });
  });
}

if (!isMainThread && workerData?.url) parentPort.postMessage(await load(workerData));
