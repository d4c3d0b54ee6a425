import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import pino from 'pino';
import { Registry } from 'prom-client';
import { of } from 'rxjs';
import { SesameError } from '@sesame/domain';
import { currentCorrelationId, runWithContext } from '@sesame/observability';
import { TEST_REDIS_URL } from '@sesame/testing/redis';
import { RpcRemoteError, RpcUnavailableError, toSesameError } from './rpc-errors';
import { RedisStreamsClient, RedisStreamsClientOptions, rpcCall } from './streams-client';
import { RedisStreamsContext } from './streams-context';
import { RPC_CONSUMER_GROUP, streamsKeys } from './streams-keys';
import { RedisStreamsServer, RedisStreamsServerOptions } from './streams-server';
import { RpcLogger } from './streams-util';

const REDIS_URL = TEST_REDIS_URL;
const basePrefix = `test-rpc-${randomUUID()}`;
const admin = new Redis(REDIS_URL);
let open: { close(): unknown }[] = [];
let prefix = '';
let testNo = 0;

type Handler = (data: never, ctx: RedisStreamsContext) => unknown;

function quietLogger(): RpcLogger & { error: jest.Mock } {
  return { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
}

async function startServer(handlers: Record<string, Handler>, opts: Partial<RedisStreamsServerOptions> = {}): Promise<RedisStreamsServer> {
  const server = new RedisStreamsServer({ redisUrl: REDIS_URL, prefix, blockMs: 200, logger: quietLogger(), ...opts });
  for (const [pattern, handler] of Object.entries(handlers)) {
    server.addHandler(pattern, async (data: unknown, ctx: RedisStreamsContext) => handler(data as never, ctx), false);
  }
  open.push(server);
  await new Promise<void>((resolve, reject) => server.listen((err?: unknown) => (err ? reject(err) : resolve())));
  return server;
}

async function startClient(opts: Partial<RedisStreamsClientOptions> = {}): Promise<RedisStreamsClient> {
  const client = new RedisStreamsClient({ redisUrl: REDIS_URL, prefix, timeoutMs: 3000, logger: quietLogger(), ...opts });
  open.push(client);
  await client.connect();
  return client;
}

const keys = () => streamsKeys(prefix);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** Reads an entry as a consumer that then "dies" without acking it. */
async function readAsDeadConsumer(consumer = 'dead-consumer'): Promise<string> {
  const raw = (await admin.xreadgroup('GROUP', RPC_CONSUMER_GROUP, consumer, 'COUNT', 1, 'BLOCK', 2000, 'STREAMS', keys().requests, '>')) as [string, [string, string[]][]][] | null;
  if (!raw) throw new Error('nothing to read');
  return raw[0][1][0][0];
}

async function createGroup(): Promise<void> {
  await admin.xgroup('CREATE', keys().requests, RPC_CONSUMER_GROUP, '$', 'MKSTREAM');
}

async function streamIsEmpty(): Promise<boolean> {
  const [len, pending] = await Promise.all([admin.xlen(keys().requests), admin.xpending(keys().requests, RPC_CONSUMER_GROUP)]);
  return len === 0 && (pending as [number])[0] === 0;
}

beforeEach(() => {
  prefix = `${basePrefix}:${++testNo}`;
});

afterEach(async () => {
  await Promise.all(open.reverse().map((o) => o.close()));
  open = [];
});

afterAll(async () => {
  let cursor = '0';
  do {
    const [next, found] = await admin.scan(cursor, 'MATCH', `${basePrefix}:*`, 'COUNT', 1000);
    if (found.length) await admin.del(...found);
    cursor = next;
  } while (cursor !== '0');
  await admin.quit();
});

describe('request/response', () => {
  it('returns values, promises and observables', async () => {
    await startServer({ add: ({ a, b }: { a: number; b: number }) => a + b, stream: () => of(1, 2, 3), nothing: () => undefined });
    const client = await startClient();

    await expect(rpcCall(client, 'add', { a: 1, b: 2 })).resolves.toBe(3);
    await expect(rpcCall(client, 'stream', {})).resolves.toBe(3);
    await expect(rpcCall(client, 'nothing', {})).resolves.toBeNull();
  });

  it('carries a SesameError as RpcRemoteError with its code, message and details', async () => {
    await startServer({
      missing: () => {
        throw new SesameError('not_found', 'Link not found', { id: 'l1' });
      },
    });
    const client = await startClient();

    const err = await rpcCall(client, 'missing', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcRemoteError);
    expect(err).toMatchObject({ code: 'not_found', message: 'Link not found', details: { id: 'l1' } });
    expect(toSesameError(err)).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('hides unexpected errors as internal_error and logs the real one', async () => {
    const logger = quietLogger();
    await startServer({ boom: () => Promise.reject(new Error('db exploded')) }, { logger });
    const client = await startClient();

    await expect(rpcCall(client, 'boom', {})).rejects.toMatchObject({ code: 'internal_error', message: 'Internal error' });
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ err: expect.objectContaining({ message: 'db exploded' }) }), expect.any(String));
  });

  it('answers not_found for an unknown pattern', async () => {
    await startServer({});
    const client = await startClient();
    await expect(rpcCall(client, 'nope', {})).rejects.toMatchObject({ name: 'RpcRemoteError', code: 'not_found' });
  });

  it('propagates the correlation id and uses requestId as the request id', async () => {
    await startServer({ whoami: (_data, ctx) => ({ cid: currentCorrelationId(), requestId: ctx.getRequestId() }) });
    const client = await startClient();

    const res = await runWithContext('cid-123', () => rpcCall(client, 'whoami', { requestId: 'req-abc' }));
    expect(res).toEqual({ cid: 'cid-123', requestId: 'req-abc' });
  });

  it('survives its redis connections being killed', async () => {
    const server = await startServer({ ping: () => 'pong' });
    const client = await startClient();
    await expect(rpcCall(client, 'ping', {})).resolves.toBe('pong');

    // Only our own connections: other suites may share this Redis.
    const list = (await admin.call('CLIENT', 'LIST')) as string;
    const ids = list
      .split('\n')
      .filter((line) => line.includes(server.consumerName) || line.includes(client.clientId))
      .map((line) => /\bid=(\d+)/.exec(line)![1]);
    expect(ids.length).toBe(4);
    for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
    await waitFor(async () => client.unwrap<Redis>().status === 'ready' && server.unwrap<Redis>().status === 'ready');
    await expect(rpcCall(client, 'ping', {})).resolves.toBe('pong');
  });
});

describe('batched replies', () => {
  it('answers a burst from several clients, each its own reply, and acks and deletes every entry', async () => {
    const server = await startServer({ echo: async ({ n }: { n: number }) => (await sleep(n % 3), n) });
    const clients = await Promise.all([startClient(), startClient(), startClient()]);
    const results = await Promise.all(Array.from({ length: 150 }, (_, n) => rpcCall<number>(clients[n % 3], 'echo', { n })));
    expect(results).toEqual(Array.from({ length: 150 }, (_, n) => n));
    expect(server.handledCount).toBe(150);
    await waitFor(streamIsEmpty);
    // Nothing left over in any client's reply list.
    for (const c of clients) expect(await admin.llen(keys().replies(c.clientId))).toBe(0);
  });
});

describe('competing consumers', () => {
  it('handles each request exactly once across replicas', async () => {
    const seen = new Map<number, number>();
    const handler = async ({ n }: { n: number }) => {
      seen.set(n, (seen.get(n) ?? 0) + 1);
      await sleep(5);
      return n * 2;
    };
    const a = await startServer({ double: handler }, { concurrency: 16 });
    const b = await startServer({ double: handler }, { concurrency: 16 });
    const client = await startClient();

    const results = await Promise.all(Array.from({ length: 200 }, (_, n) => rpcCall<number>(client, 'double', { n })));

    expect(results).toEqual(Array.from({ length: 200 }, (_, n) => n * 2));
    expect(seen.size).toBe(200);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(a.handledCount + b.handledCount).toBe(200);
    expect(a.handledCount).toBeGreaterThan(0);
    expect(b.handledCount).toBeGreaterThan(0);
  });

  it('never runs more than `concurrency` handlers at once', async () => {
    let running = 0;
    let max = 0;
    await startServer(
      {
        slow: async () => {
          max = Math.max(max, ++running);
          await sleep(20);
          running--;
        },
      },
      { concurrency: 3 },
    );
    const client = await startClient();

    await Promise.all(Array.from({ length: 15 }, () => rpcCall(client, 'slow', {})));
    expect(max).toBe(3);
  });
});

describe('unavailability', () => {
  it('rejects with RpcUnavailableError after timeoutMs when no server listens', async () => {
    const client = await startClient({ timeoutMs: 300 });
    const started = Date.now();

    const err = await rpcCall(client, 'anything', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcUnavailableError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(toSesameError(err)).toMatchObject({ code: 'service_unavailable', status: 503 });
  });

  it('fails at once when redis is unreachable', async () => {
    const client = new RedisStreamsClient({ redisUrl: 'redis://127.0.0.1:1', prefix, logger: quietLogger() });
    open.push(client);
    const started = Date.now();

    await expect(rpcCall(client, 'anything', {})).rejects.toBeInstanceOf(RpcUnavailableError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('reclaim', () => {
  it('answers a request a dead consumer read but never acked', async () => {
    await createGroup();
    const client = await startClient();
    const reply = rpcCall(client, 'echo', { hello: 'world' });
    await readAsDeadConsumer();

    let runs = 0;
    const server = await startServer({ echo: (data) => (runs++, data) }, { claimIdleMs: 200 });

    await expect(reply).resolves.toEqual({ hello: 'world' });
    expect(runs).toBe(1);
    expect(server.handledCount).toBe(1);
    await waitFor(streamIsEmpty);
  });

  it('hands back entries it holds but never started when closing', async () => {
    await createGroup();
    const client = await startClient();
    const reply = rpcCall(client, 'echo', { n: 1 });
    await readAsDeadConsumer('replica-a'); // as if replica-a had read it just before shutting down
    const a = await startServer({}, { consumerName: 'replica-a', claimIdleMs: 60_000 });
    await a.close();

    const started = Date.now();
    await startServer({ echo: (data) => data }, { claimIdleMs: 1000 });
    await expect(reply).resolves.toEqual({ n: 1 });
    // Without the hand-back the entry would only be idle enough after ~1000 ms.
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('lets in-flight handlers finish and reply on close', async () => {
    const server = await startServer({ slow: async () => (await sleep(200), 'done') });
    const client = await startClient();

    const reply = rpcCall(client, 'slow', {});
    await waitFor(async () => server.handledCount === 1);
    await server.close();
    await expect(reply).resolves.toBe('done');
  });
});

describe('cold start', () => {
  it('answers a request sent before any server ever ran, once one starts', async () => {
    const client = await startClient({ timeoutMs: 5000 });
    const reply = rpcCall(client, 'echo', { early: true });
    await sleep(1000);
    expect(await admin.exists(keys().requests)).toBe(1);

    let runs = 0;
    await startServer({ echo: (data) => (runs++, data) });
    await expect(reply).resolves.toEqual({ early: true });
    expect(runs).toBe(1);
    await waitFor(streamIsEmpty);
  });

  it('never runs a request whose deadline passed before the first server started', async () => {
    const client = await startClient({ timeoutMs: 300 });
    await expect(rpcCall(client, 'late', {})).rejects.toBeInstanceOf(RpcUnavailableError);

    let runs = 0;
    await startServer({ late: () => ++runs });
    await waitFor(streamIsEmpty);
    expect(runs).toBe(0);
    expect(await admin.llen(keys().replies(client.clientId))).toBe(0);
  });

  it('answers requests sent after Redis lost the stream and its group', async () => {
    await startServer({ echo: (data) => data });
    const client = await startClient();
    await expect(rpcCall(client, 'echo', { n: 1 })).resolves.toEqual({ n: 1 });

    // As a FLUSHALL or a failover to an empty replica: the next XADD creates the stream anew, before the server recreates the group.
    await admin.del(keys().requests);
    await expect(rpcCall(client, 'echo', { n: 2 })).resolves.toEqual({ n: 2 });
  });
});

describe('consumer heartbeat', () => {
  it('counts a server as live from listen() until close()', async () => {
    const client = await startClient();
    expect(await client.liveConsumers()).toBe(0);

    const a = await startServer({});
    await startServer({});
    expect(await client.liveConsumers()).toBe(2);
    expect(await admin.zrange(keys().consumers, 0, -1)).toContain(a.consumerName);

    await a.close();
    expect(await client.liveConsumers()).toBe(1);
  });

  it('stops counting a server that stopped beating, after its TTL', async () => {
    const client = await startClient();
    const server = await startServer({}, { heartbeatTtlMs: 600 });
    expect(await client.liveConsumers()).toBe(1);

    // Its process frozen or killed: the command connection (heartbeats) gone, no close().
    server.unwrap<Redis>().disconnect();
    await waitFor(async () => (await client.liveConsumers()) === 0, 2000);
  });

  it('fails liveConsumers() at once while Redis is unreachable', async () => {
    const client = new RedisStreamsClient({ redisUrl: 'redis://127.0.0.1:1', prefix, logger: quietLogger() });
    open.push(client);
    await expect(client.liveConsumers()).rejects.toBeInstanceOf(RpcUnavailableError);
  });
});

describe('deadline', () => {
  it('drops a request whose deadline has passed without running the handler', async () => {
    let runs = 0;
    await startServer({ late: () => ++runs });
    const k = keys();
    const replyTo = k.replies('manual');
    await admin.xadd(k.requests, '*', 'id', 'req-late', 'pattern', 'late', 'data', '{}', 'replyTo', replyTo, 'deadline', Date.now() - 1, 'cid', '');

    await waitFor(streamIsEmpty);
    expect(runs).toBe(0);
    expect(await admin.llen(replyTo)).toBe(0);
  });
});

describe('metrics', () => {
  const series = async (registry: Registry, name: string) =>
    (await registry.getSingleMetric(name)!.get()).values.map(({ labels, value }) => ({ labels, value }));

  it('counts every request once, by pattern and outcome, and times it on both sides', async () => {
    const serverMetrics = new Registry();
    const clientMetrics = new Registry();
    await startServer({
      ok: () => 1,
      refused: () => { throw new SesameError('not_found', 'nope'); },
      broken: () => Promise.reject(new Error('bug')),
      late: () => 1,
    }, { metrics: serverMetrics });
    const client = await startClient({ metrics: clientMetrics });

    await rpcCall(client, 'ok', {});
    await rpcCall(client, 'ok', {});
    await rpcCall(client, 'refused', {}).catch(() => undefined);
    await rpcCall(client, 'broken', {}).catch(() => undefined);
    await rpcCall(client, 'unheard-of', {}).catch(() => undefined);
    await admin.xadd(keys().requests, '*', 'id', 'req-late', 'pattern', 'late', 'data', '{}', 'replyTo', keys().replies('manual'), 'deadline', Date.now() - 1, 'cid', '');
    await waitFor(streamIsEmpty);

    expect(await series(serverMetrics, 'sesame_rpc_requests_total')).toEqual(expect.arrayContaining([
      { labels: { pattern: 'ok', outcome: 'ok' }, value: 2 },
      { labels: { pattern: 'refused', outcome: 'client_error' }, value: 1 },
      { labels: { pattern: 'broken', outcome: 'server_error' }, value: 1 },
      { labels: { pattern: 'unknown', outcome: 'client_error' }, value: 1 },
      { labels: { pattern: 'late', outcome: 'expired' }, value: 1 },
    ]));
    const handled = (await series(serverMetrics, 'sesame_rpc_request_duration_seconds'))
      .filter((s) => s.labels.le === '+Inf').map((s) => [s.labels.pattern, s.value]);
    expect(handled).toEqual(expect.arrayContaining([['ok', 2], ['refused', 1], ['broken', 1]]));
    const calls = (await series(clientMetrics, 'sesame_rpc_client_duration_seconds'))
      .filter((s) => s.labels.le === '+Inf').map((s) => [s.labels.pattern, s.labels.outcome, s.value]);
    expect(calls).toEqual(expect.arrayContaining([['ok', 'ok', 2], ['refused', 'error', 1], ['broken', 'error', 1]]));
  });

  it('records a call without a reply as a timeout', async () => {
    const clientMetrics = new Registry();
    const client = await startClient({ timeoutMs: 100, metrics: clientMetrics });
    await expect(rpcCall(client, 'nobody', {})).rejects.toBeInstanceOf(RpcUnavailableError);
    const calls = (await series(clientMetrics, 'sesame_rpc_client_duration_seconds')).filter((s) => s.labels.le === '+Inf');
    expect(calls).toEqual([{ labels: expect.objectContaining({ pattern: 'nobody', outcome: 'timeout' }), value: 1 }]);
  });
});

it('accepts a pino logger', () => {
  const logger: RpcLogger = pino({ enabled: false });
  expect(logger).toBeDefined();
});
