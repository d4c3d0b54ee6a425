import Redis from 'ioredis';
import { deleteRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '@sesame/testing/redis';
import { ConsumerHeartbeat, countLiveConsumers } from './consumer-heartbeat';

const prefix = uniqueRedisPrefix('heartbeat');
const admin = new Redis(TEST_REDIS_URL);
const connections: Redis[] = [];
const heartbeats: ConsumerHeartbeat[] = [];
let keyNo = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connection(): Redis {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  return redis;
}

async function beating(key: string, consumer: string, ttlMs: number, redis = connection()): Promise<ConsumerHeartbeat> {
  const heartbeat = new ConsumerHeartbeat(redis, { key, consumer, ttlMs, onError: () => undefined });
  heartbeats.push(heartbeat);
  await heartbeat.start();
  return heartbeat;
}

/** Polls until no consumer counts; resolves with how long that took. */
async function msUntilNoneLive(key: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while ((await countLiveConsumers(admin, key)) > 0) {
    if (Date.now() - started > timeoutMs) throw new Error(`still live after ${timeoutMs} ms`);
    await sleep(25);
  }
  return Date.now() - started;
}

const newKey = () => `${prefix}:consumers:${++keyNo}`;

afterEach(async () => {
  await Promise.all(heartbeats.splice(0).map((h) => h.stop().catch(() => undefined)));
  // A second disconnect() of a closed connection arms a 2 s timer that keeps jest waiting.
  connections.splice(0).filter((c) => c.status !== 'end').forEach((c) => c.disconnect());
});

afterAll(async () => {
  await deleteRedisPrefix(prefix);
  await admin.quit();
});

describe('ConsumerHeartbeat', () => {
  it('counts nobody on a key no consumer ever beat on', async () => {
    expect(await countLiveConsumers(admin, newKey())).toBe(0);
  });

  it('counts a consumer from start() until stop(), which removes it at once', async () => {
    const key = newKey();
    const a = await beating(key, 'a', 3000);
    await beating(key, 'b', 3000);
    expect(await countLiveConsumers(admin, key)).toBe(2);

    await a.stop();
    expect(await countLiveConsumers(admin, key)).toBe(1);
    expect(await admin.zrange(key, 0, -1)).toEqual(['b']);
  });

  it('keeps a consumer live past its TTL while it keeps beating', async () => {
    const key = newKey();
    await beating(key, 'a', 600);
    await sleep(1500);
    expect(await countLiveConsumers(admin, key)).toBe(1);
  });

  it('drops a consumer that dies without stopping once its TTL has passed, and the key with it', async () => {
    const key = newKey();
    const redis = connection();
    await beating(key, 'killed', 1500, redis);
    await sleep(100);
    // As a SIGKILL: no stop(), no further beat reaches Redis.
    redis.disconnect();
    const diedAt = Date.now();

    await sleep(200);
    expect(await countLiveConsumers(admin, key)).toBe(1);
    const gone = await msUntilNoneLive(key, 5000);
    // Its last beat was at most a third of the TTL before the death.
    expect(200 + gone).toBeGreaterThan(900);
    expect(Date.now() - diedAt).toBeLessThan(2500);
    await sleep(50);
    expect(await admin.exists(key)).toBe(0);
  });

  it('lets a live consumer keep the key when another one expires', async () => {
    const key = newKey();
    const redis = connection();
    await beating(key, 'short', 600, redis);
    await beating(key, 'long', 3000);
    redis.disconnect();
    await sleep(1600); // past 'short''s expiry and the next beat of 'long', which prunes it

    expect(await countLiveConsumers(admin, key)).toBe(1);
    expect(await admin.zrange(key, 0, -1)).toEqual(['long']);
    expect(await admin.pttl(key)).toBeGreaterThan(1000);
  });
});
