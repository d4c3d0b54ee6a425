import { Queue, Worker } from 'bullmq';
import { RedisTopology, startRedisCluster, startRedisSentinel } from '@sesame/testing';
import { checkEvictionPolicy } from './eviction-policy';
import { createRedis, queuePrefix, RedisConnection } from './redis';
import { QUEUES } from '@sesame/queue-contracts';
import { RedisStreamsClient, rpcCall } from './rpc/streams-client';
import { RedisStreamsContext } from './rpc/streams-context';
import { streamsKeys } from './rpc/streams-keys';
import { RedisStreamsServer } from './rpc/streams-server';
import { silentLogger } from './rpc/streams-util';

jest.setTimeout(90_000);

const PREFIX = 'sesame';

/** What every process does with Redis, on one topology: a BullMQ round trip and an RPC round trip. */
async function roundTrips(url: string): Promise<{ job: unknown; rpc: unknown }> {
  const keyspace = { REDIS_URL: url, REDIS_PREFIX: PREFIX };
  const connections: RedisConnection[] = [];
  const redis = (name: string) => {
    const c = createRedis(url, { name, onError: () => undefined });
    connections.push(c);
    return c;
  };
  const queue = new Queue(QUEUES.mail, { connection: redis('producer'), prefix: queuePrefix(keyspace, QUEUES.mail) });
  let resolveJob: (data: unknown) => void = () => undefined;
  const done = new Promise((resolve) => (resolveJob = resolve));
  const worker = new Worker(QUEUES.mail, async (job) => resolveJob(job.data), { connection: redis('worker'), prefix: queuePrefix(keyspace, QUEUES.mail) });
  worker.on('error', () => undefined);
  const server = new RedisStreamsServer({ redisUrl: url, prefix: PREFIX, blockMs: 200, logger: silentLogger });
  server.addHandler('echo', async (data: unknown, _ctx: RedisStreamsContext) => ({ echoed: data }), false);
  const client = new RedisStreamsClient({ redisUrl: url, prefix: PREFIX, timeoutMs: 10_000, logger: silentLogger });
  try {
    await queue.addBulk([{ name: 'send-link', data: { deliveryId: 'd1' }, opts: { jobId: 'ob-1' } }]);
    const job = await done;
    await new Promise<void>((resolve, reject) => server.listen((err?: unknown) => (err ? reject(err) : resolve())));
    await client.connect();
    const rpc = await rpcCall(client, 'echo', { n: 1 });
    return { job, rpc };
  } finally {
    await client.close();
    await server.close();
    await worker.close();
    await queue.close();
    connections.forEach((c) => c.disconnect());
  }
}

describe('Redis topologies (real redis-server processes on loopback)', () => {
  let topology: RedisTopology | undefined;
  afterEach(async () => {
    await topology?.stop();
    topology = undefined;
  });

  it('runs queues and RPC on a 3-master Redis Cluster, each queue and the RPC keys in one slot', async () => {
    topology = await startRedisCluster();
    expect(await roundTrips(topology.url)).toEqual({ job: { deliveryId: 'd1' }, rpc: { echoed: { n: 1 } } });

    // The keys really are hash-tagged and spread: each queue and the RPC transport on its own slot.
    const keyspace = { REDIS_URL: topology.url, REDIS_PREFIX: PREFIX };
    expect(queuePrefix(keyspace, QUEUES.mail)).toBe('{sesame:bull:mail}');
    expect(streamsKeys(PREFIX, true).replies('c1')).toBe('{sesame:rpc}:replies:c1');
    const slots = await Promise.all(
      ['{sesame:bull:mail}:mail:id', '{sesame:bull:webhooks}:webhooks:id', '{sesame:rpc}:requests', '{sesame:rpc}:replies:x'].map(async (key) =>
        (await topology!.cli(topology!.ports[0], 'CLUSTER', 'KEYSLOT', key)).trim(),
      ),
    );
    expect(slots[2]).toBe(slots[3]);
    expect(new Set(slots).size).toBe(3);

    // One master allowed to evict is enough to refuse the start: it holds some queue.
    const refusals: string[] = [];
    await checkEvictionPolicy(topology.url, 'spec', (m) => refusals.push(m));
    expect(refusals).toEqual([]);
    await topology.cli(topology.ports[2], 'CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    await checkEvictionPolicy(topology.url, 'spec', (m) => refusals.push(m));
    expect(refusals).toEqual([expect.stringContaining('maxmemory-policy allkeys-lru')]);
  });

  it('runs queues and RPC through Sentinel, with the plain key names of one server', async () => {
    topology = await startRedisSentinel();
    expect(await roundTrips(topology.url)).toEqual({ job: { deliveryId: 'd1' }, rpc: { echoed: { n: 1 } } });
    const keys = (await topology.cli(topology.ports[0], 'KEYS', 'sesame:*')).split('\n').filter(Boolean);
    expect(keys).toEqual(expect.arrayContaining(['sesame:bull:mail:id', 'sesame:rpc:requests']));
    expect(queuePrefix({ REDIS_URL: topology.url, REDIS_PREFIX: PREFIX }, QUEUES.mail)).toBe('sesame:bull');
  });

  it('follows a Sentinel failover on a connection that stays open', async () => {
    const sentinel = await startRedisSentinel();
    topology = sentinel;
    const redis = createRedis(sentinel.url, { name: 'failover', onError: () => undefined });
    try {
      await redis.set('sesame:k', '1');
      const [master, replica] = sentinel.ports;
      const until = async (check: () => Promise<boolean>) => {
        const deadline = Date.now() + 45_000;
        while (!(await check().catch(() => false))) {
          if (Date.now() > deadline) return false;
          await new Promise((r) => setTimeout(r, 200));
        }
        return true;
      };
      // FAILOVER only starts it, and a sentinel refuses it (NOGOODSLAVE) until it has discovered the
      // replica (INFO every 10 s) — so ask again until the sentinels name the old replica as master
      // (a failover in progress answers INPROG, harmlessly).
      const masterPort = async () => (await sentinel.cli(sentinel.sentinelPorts[0], 'SENTINEL', 'get-master-addr-by-name', sentinel.masterName)).split('\n')[1];
      const failedOver = async () => {
        if ((await masterPort()) === String(replica)) return true;
        await sentinel.cli(sentinel.sentinelPorts[0], 'SENTINEL', 'FAILOVER', sentinel.masterName);
        return false;
      };
      expect(await until(failedOver)).toBe(true);
      // The same connection writes again, now to the new master (the old one refuses writes as a replica).
      expect(await until(async () => (await redis.set('sesame:k', '2')) === 'OK' && (await sentinel.cli(replica, 'GET', 'sesame:k')).trim() === '2')).toBe(true);
      expect(master).not.toBe(replica);
    } finally {
      redis.disconnect();
    }
  });

  it('keeps the names of existing single-server installations', () => {
    expect(queuePrefix({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: PREFIX }, QUEUES.webhooks)).toBe('sesame:bull');
    expect(streamsKeys(PREFIX).requests).toBe('sesame:rpc:requests');
  });
});
