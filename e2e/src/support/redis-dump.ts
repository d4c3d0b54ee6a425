import Redis from 'ioredis';
import { TEST_REDIS_URL } from '@sesame/testing';

/** Every key under `prefix` with its value, whatever its type, as one text (to search for leaks). */
export async function redisDump(prefix: string): Promise<{ keys: number; text: string }> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const parts: string[] = [];
    let cursor = '0';
    let keys = 0;
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of batch) {
        keys++;
        parts.push(`${key} ${JSON.stringify(await valueOf(redis, key))}`);
      }
    } while (cursor !== '0');
    return { keys, text: parts.join('\n') };
  } finally {
    redis.disconnect();
  }
}

async function valueOf(redis: Redis, key: string): Promise<unknown> {
  switch (await redis.type(key)) {
    case 'string': return redis.get(key);
    case 'hash': return redis.hgetall(key);
    case 'list': return redis.lrange(key, 0, -1);
    case 'set': return redis.smembers(key);
    case 'zset': return redis.zrange(key, 0, -1);
    case 'stream': return redis.xrange(key, '-', '+');
    default: return null;
  }
}
