import { randomBytes } from 'node:crypto';
import { testEnv } from './test-env';

/** A unique Redis key prefix for one suite. */
export function uniqueRedisPrefix(label = 'test'): string {
  return `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 16)}_${randomBytes(4).toString('hex')}`;
}

export const TEST_REDIS_URL = testEnv.redisUrl;

/** Deletes every Redis key under a prefix (end of a suite). */
export async function deleteRedisPrefix(prefix: string, redisUrl = TEST_REDIS_URL): Promise<void> {
  // A cluster or sentinel URL is a test's own topology (redis-topology.ts), removed whole when it stops.
  if (!/^rediss?:\/\//.test(redisUrl)) return;
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
