import Redis, { Cluster, RedisOptions } from 'ioredis';
import { parseRedisUrl, redactRedisUrl, RedisTopology } from '@sesame/config';
import { QueueName } from '@sesame/queue-contracts';

/** A connection to whatever REDIS_URL names: one server or a Sentinel master (Redis), or a Cluster. */
export type RedisConnection = Redis | Cluster;

export interface CreateRedisOptions extends RedisOptions {
  /** Connection name shown in CLIENT LIST. */
  name: string;
  failFast?: boolean;
  /**
   * Where connection errors go. Without a listener ioredis prints "Unhandled error event" on every
   * reconnect attempt, so one is always attached: by default a warning through `logger` (or a JSON
   * line on stderr) at most every 10 s, as a Redis that is down fails every retry.
   */
  onError?: (err: Error) => void;
  logger?: { warn(obj: object, msg?: string): void };
}

const ERROR_LOG_EVERY_MS = 10_000;

/**
 * The one place a Redis connection is made (BullMQ queues and workers, the RPC transport, rate
 * limits, caches, health pings). `maxRetriesPerRequest: null` is what BullMQ workers require;
 * request/response paths pass `failFast` so a down Redis errors at once (503) instead of queueing
 * commands until it returns.
 */
export function createRedis(url: string, opts: CreateRedisOptions): RedisConnection {
  const { failFast, name, onError, logger, ...rest } = opts;
  const topology = parseRedisUrl(url);
  const options: RedisOptions = {
    connectionName: name,
    maxRetriesPerRequest: failFast ? 1 : null,
    enableOfflineQueue: !failFast,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...rest,
  };
  const redis = connect(topology, url, options);
  redis.on('error', onError ?? throttledWarning(name, redactRedisUrl(url), logger));
  return redis;
}

function connect(topology: RedisTopology, url: string, options: RedisOptions): RedisConnection {
  const tls = topology.tls ? { tls: {} } : {};
  const auth = { ...(topology.username ? { username: topology.username } : {}), ...(topology.password ? { password: topology.password } : {}) };
  switch (topology.kind) {
    case 'single':
      return new Redis(url, options);
    case 'sentinel':
      return new Redis({
        ...options,
        ...auth,
        ...tls,
        sentinels: topology.sentinels,
        name: topology.name,
        db: topology.db,
        sentinelUsername: topology.sentinelUsername,
        sentinelPassword: topology.sentinelPassword,
        enableTLSForSentinelMode: topology.tls,
        // A failover is a reconnect to the new master, not an error the caller sees.
        sentinelRetryStrategy: (times) => Math.min(times * 200, 2000),
      });
    case 'cluster': {
      // These are the cluster's own options; the rest apply to each node's connection.
      const { enableAutoPipelining, enableOfflineQueue, lazyConnect, retryStrategy, ...redisOptions } = options;
      return new Cluster(topology.nodes, {
        redisOptions: { ...redisOptions, ...auth, ...tls },
        enableAutoPipelining,
        enableOfflineQueue,
        lazyConnect,
        clusterRetryStrategy: retryStrategy ?? undefined,
        // Writes and blocking reads go to masters; reading replicas would see stale queue state.
        scaleReads: 'master',
      });
    }
  }
}

function throttledWarning(name: string, where: string, logger: CreateRedisOptions['logger']): (err: Error) => void {
  let last = 0;
  return (err) => {
    if (Date.now() - last < ERROR_LOG_EVERY_MS) return;
    last = Date.now();
    const fields = { connection: name, redis: where, err: err.message };
    if (logger) logger.warn(fields, 'redis connection error');
    else process.stderr.write(`${JSON.stringify({ level: 40, time: last, msg: 'redis connection error', ...fields })}\n`);
  };
}

/**
 * The request paths' rule for a Redis connection (the RPC client's, the rate limits'): go ahead
 * at once when it is connected, wait while it is connecting (a process that has just started must
 * not refuse its first requests), and fail at once while it is down or between reconnect attempts,
 * so that a Redis outage is a fast 503 rather than a request waiting on ioredis's offline queue.
 */
export class RedisReadyGate {
  private waiting?: Promise<void>;

  constructor(private readonly redis: RedisConnection) {}

  /** Resolves when a command may be sent; rejects with why not (the caller maps it to its 503). */
  pass(): Promise<void> {
    const { status } = this.redis;
    if (status === 'ready') return Promise.resolve();
    if (!['wait', 'connecting', 'connect'].includes(status)) return Promise.reject(new Error(`redis is ${status}`));
    // One set of listeners however many requests wait for the same connection.
    this.waiting ??= untilReady(this.redis).finally(() => (this.waiting = undefined));
    return this.waiting;
  }
}

function untilReady(redis: RedisConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      redis.off('ready', onReady).off('error', done).off('end', onEnd);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const onEnd = () => done(new Error('connection ended'));
    redis.once('ready', onReady).once('error', done).once('end', onEnd);
  });
}

/** True when REDIS_URL names a Redis Cluster: then keys used together must share a hash tag. */
export function isRedisCluster(url: string): boolean {
  return parseRedisUrl(url).kind === 'cluster';
}

/** Key prefix for BullMQ (`prefix` option) and other keys of one Sesame stack on one Redis server. */
export function bullPrefix(prefix: string): string {
  return `${prefix}:bull`;
}

/** Where a stack's keys live: its REDIS_PREFIX on the Redis of its REDIS_URL. */
export interface RedisKeyspace {
  REDIS_URL: string;
  REDIS_PREFIX: string;
}

/**
 * The BullMQ `prefix` of one queue. A queue's Lua scripts touch many of its keys at once, which a
 * Cluster allows only within one hash slot, so there each queue's prefix is a hash tag of its own
 * (`{sesame:bull:mail}`: BullMQ's documented way; each queue still lands on its own slot). On one
 * server the prefix stays `sesame:bull`: renaming it would strand every job already waiting.
 */
export function queuePrefix(keyspace: RedisKeyspace, queue: QueueName): string {
  const prefix = bullPrefix(keyspace.REDIS_PREFIX);
  return isRedisCluster(keyspace.REDIS_URL) ? `{${prefix}:${queue}}` : prefix;
}
