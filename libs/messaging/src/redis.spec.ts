import Redis, { Cluster } from 'ioredis';
import { createRedis, queuePrefix } from './redis';
import { QUEUES } from '@sesame/queue-contracts';

/** Nothing connects here (lazyConnect): what is checked is what createRedis builds from the URL. */
describe('createRedis', () => {
  const open: (Redis | Cluster)[] = [];
  const make = (url: string, opts: Partial<Parameters<typeof createRedis>[1]> = {}) => {
    const redis = createRedis(url, { name: 'spec', lazyConnect: true, ...opts });
    open.push(redis);
    return redis;
  };
  afterEach(() => open.splice(0).forEach((r) => r.disconnect()));

  it('builds a Cluster from the seed nodes, with credentials and BullMQ settings on every node', () => {
    const redis = make('redis+cluster://app:pw@127.0.0.1:7000,127.0.0.1:7001');
    expect(redis).toBeInstanceOf(Cluster);
    const cluster = redis as Cluster;
    expect(Reflect.get(cluster, 'startupNodes')).toEqual([{ host: '127.0.0.1', port: 7000 }, { host: '127.0.0.1', port: 7001 }]);
    expect(cluster.options.redisOptions).toEqual(expect.objectContaining({ username: 'app', password: 'pw', connectionName: 'spec', maxRetriesPerRequest: null }));
    expect(cluster.options.scaleReads).toBe('master');
  });

  it('asks the sentinels for the named master', () => {
    const redis = make('redis+sentinel://:pw@127.0.0.1:26379,127.0.0.1:26380/2?name=mymaster', { failFast: true });
    expect(redis).toBeInstanceOf(Redis);
    expect((redis as Redis).options).toEqual(expect.objectContaining({
      sentinels: [{ host: '127.0.0.1', port: 26379 }, { host: '127.0.0.1', port: 26380 }],
      name: 'mymaster', db: 2, password: 'pw', maxRetriesPerRequest: 1, enableOfflineQueue: false,
    }));
  });

  it('always listens for errors, so ioredis never reports an unhandled error event', () => {
    for (const url of ['redis://127.0.0.1:6379', 'redis+cluster://127.0.0.1:7000', 'redis+sentinel://127.0.0.1:26379?name=m']) {
      const redis = make(url);
      expect(redis.listenerCount('error')).toBe(1);
    }
    const seen: Error[] = [];
    const redis = make('redis://127.0.0.1:6379', { onError: (err) => seen.push(err) });
    redis.emit('error', new Error('boom'));
    expect(seen.map((e) => e.message)).toEqual(['boom']);
  });

  it('tags each queue on a cluster and keeps the old prefix on one server', () => {
    expect(queuePrefix({ REDIS_URL: 'redis+cluster://n:7000', REDIS_PREFIX: 'acme' }, QUEUES.mail)).toBe('{acme:bull:mail}');
    expect(queuePrefix({ REDIS_URL: 'redis+sentinel://s:26379?name=m', REDIS_PREFIX: 'acme' }, QUEUES.mail)).toBe('acme:bull');
    expect(queuePrefix({ REDIS_URL: 'redis://r:6379', REDIS_PREFIX: 'acme' }, QUEUES.webhooks)).toBe('acme:bull');
  });
});
