import { createRedis, RedisConnection } from './redis';
import type { CacheInvalidationMessage } from './rpc/lifecycle-contracts';

/**
 * "Drop what you cached about this": the gateway publishes it after a change commits (a key revoked
 * or rotated, a tenant disabled, a policy changed) and every process that caches tenants or keys —
 * each gateway and each token-service replica — drops the entries at once.
 *
 * Rename warning: every process of a deployment must agree on this channel's name; renaming it
 * leaves replicas on the old name serving cached entries until their TTL, until all run the new one.
 * Channels are not key-prefixed by ioredis: the prefix keeps two deployments on one Redis apart.
 */
export const cacheInvalidationChannel = (prefix: string) => `${prefix}:cache-invalidation`;

/** What a process does with invalidations: drop some entries, or all of them. */
export interface InvalidatedCaches {
  apply(message: CacheInvalidationMessage): void;
  /** Everything: after a (re)subscription, when messages may have been missed, or an unreadable one. */
  dropAll(): void;
}

/**
 * Publishes an invalidation. The change is committed already: when Redis is down the other
 * processes notice within their caches' TTL, so a failure is reported to `onError`, never thrown.
 */
export async function publishCacheInvalidation(redis: RedisConnection, prefix: string, message: CacheInvalidationMessage, onError: (err: unknown) => void): Promise<void> {
  await redis.publish(cacheInvalidationChannel(prefix), JSON.stringify(message)).catch(onError);
}

/**
 * Listens for invalidations on a connection of its own (a subscribed connection can do nothing
 * else). Pub/sub delivers at most once: a message published while the subscription is down is
 * lost, so every (re)subscription drops everything, and the caches' TTL bounds what a lost message
 * can cost. Returns the function that stops listening.
 */
export function subscribeToCacheInvalidations(
  o: { redisUrl: string; prefix: string; name: string; logger: { warn(obj: object, msg?: string): void } },
  caches: InvalidatedCaches,
): () => void {
  const channel = cacheInvalidationChannel(o.prefix);
  const sub = createRedis(o.redisUrl, { name: o.name, logger: o.logger });
  sub.on('ready', () => {
    sub.subscribe(channel).then(() => caches.dropAll(), (err: unknown) => o.logger.warn({ err }, 'cache invalidation: subscribe failed'));
  });
  sub.on('message', (_channel: string, raw: string) => {
    let message: CacheInvalidationMessage;
    try {
      message = JSON.parse(raw) as CacheInvalidationMessage;
    } catch {
      return caches.dropAll();
    }
    caches.apply(message);
  });
  // A subscriber has nothing to flush, and QUIT would wait for a Redis that is down.
  return () => sub.disconnect();
}
