import { Cluster } from 'ioredis';
import { parseRedisUrl, redisHosts } from '@sesame/config';
import { createRedis } from './redis';

/**
 * Sesame keeps queued jobs and RPC requests in Redis; a Redis allowed to evict keys under memory
 * pressure would drop them without a trace. So every process checks `maxmemory-policy` (from
 * INFO, which managed Redis services allow where CONFIG GET is often disabled) when it first
 * reaches Redis, and calls `refuse` with a clear message unless it is `noeviction`.
 *
 * Resolves once the check has passed, or after `waitMs` while Redis is unreachable (start-up goes
 * on: the process reports not ready, and the check still runs when Redis first answers).
 */
export function checkEvictionPolicy(url: string, service: string, refuse: (message: string) => void, waitMs = 30_000): Promise<void> {
  // Unreachable: retried, and readiness says so meanwhile; the connection's own errors are noise here.
  const redis = createRedis(url, { name: `${service}:policy-check`, onError: () => undefined });
  const checked = redis
    .info('memory')
    // On a cluster each master holds some of the queues: every one of them must be noeviction.
    .then(async (info) => (redis instanceof Cluster ? Promise.all(redis.nodes('master').map((node) => node.info('memory'))) : [info]))
    .then((infos) => {
      const policy = infos.map((info) => /^maxmemory_policy:(\S+)/m.exec(info)?.[1]).find((p) => p && p !== 'noeviction');
      if (policy) refuse(evictionMessage(url, policy));
    })
    .catch(() => undefined) // INFO refused (an ACL): nothing to check against
    .finally(() => redis.disconnect());
  return Promise.race([checked, new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref())]);
}

export function evictionMessage(url: string, policy: string): string {
  const host = redisHosts(parseRedisUrl(url));
  return (
    `Redis at ${host} has maxmemory-policy ${policy}: Sesame needs noeviction, or queued mail, webhooks and RPC requests ` +
    `could be evicted and lost. Set "maxmemory-policy noeviction" in redis.conf (or CONFIG SET maxmemory-policy noeviction).`
  );
}
