import Redis, { RedisOptions } from 'ioredis';

/**
 * A Redis connection for BullMQ or the RPC transport. `maxRetriesPerRequest: null` is what BullMQ
 * workers require; request/response paths pass `failFast` so a down Redis errors at once (503)
 * instead of queueing commands until it returns.
 */
export function createRedis(url: string, opts: { name: string; failFast?: boolean } & RedisOptions): Redis {
  const { failFast, name, ...rest } = opts;
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: failFast ? 1 : null,
    enableOfflineQueue: !failFast,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...rest,
  });
}

/** Key prefix for BullMQ (`prefix` option) and other keys of one Sesame stack. */
export function bullPrefix(prefix: string): string {
  return `${prefix}:bull`;
}
