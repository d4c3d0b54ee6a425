import { CommonConfig } from './common.config';
import { ConfigError, loadConfig } from './load-config';
import { parseRedisUrl, redactRedisUrl, redisHosts } from './redis-url';

describe('parseRedisUrl', () => {
  it('keeps a single-server URL as is (ioredis parses it)', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379', tls: false });
    expect(parseRedisUrl('rediss://:s3cret@redis.internal:6380/2')).toEqual(
      expect.objectContaining({ kind: 'single', password: 's3cret', tls: true }),
    );
  });

  it('reads the seed nodes, credentials and TLS of a cluster', () => {
    expect(parseRedisUrl('rediss+cluster://app:p%40ss@10.0.0.1:7000,10.0.0.2,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 6379 }, { host: '::1', port: 7002 }],
      username: 'app',
      password: 'p@ss',
      tls: true,
    });
  });

  it('reads the sentinels, master name, database and sentinel password', () => {
    expect(parseRedisUrl('redis+sentinel://:pw@s1:26379,s2/3?name=mymaster&sentinelPassword=spw')).toEqual({
      kind: 'sentinel',
      sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }],
      name: 'mymaster',
      db: 3,
      password: 'pw',
      sentinelPassword: 'spw',
      tls: false,
    });
  });

  it.each([
    ['http://127.0.0.1:6379', /must be redis:\/\//],
    ['redis+sentinel://s1:26379', /needs \?name=/],
    ['redis+sentinel://s1:26379?name=m&master=x', /unknown query parameter master/],
    ['redis+cluster://n1:7000/1', /only database 0/],
    ['redis+cluster://', /names no host/],
    ['redis://a:1,b:2', /use redis\+cluster/],
    ['redis://host:99999', /bad port/],
    ['redis://host/abc', /database "abc"/],
    ['redis+cluster://n1:7000?tls=1', /no query parameters/],
  ])('refuses %s', (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  it('redacts credentials and lists hosts for messages', () => {
    expect(redactRedisUrl('redis+sentinel://u:pw@s1:1,s2:2?name=m&sentinelPassword=x')).toBe('redis+sentinel://***@s1:1,s2:2?name=m&sentinelPassword=***');
    expect(redisHosts(parseRedisUrl('redis://:pw@r.internal:6380/1'))).toBe('r.internal:6380');
    expect(redisHosts(parseRedisUrl('redis+cluster://a:1,b:2'))).toBe('a:1,b:2');
  });
});

describe('REDIS_URL in the config', () => {
  it('accepts the three forms', () => {
    for (const url of ['redis://127.0.0.1:6379', 'redis+cluster://127.0.0.1:7000,127.0.0.1:7001', 'redis+sentinel://127.0.0.1:26379?name=mymaster']) {
      expect(loadConfig(CommonConfig, { REDIS_URL: url }).REDIS_URL).toBe(url);
    }
  });

  it('fails the start with what is wrong, never the password', () => {
    let problems: string[] = [];
    try {
      loadConfig(CommonConfig, { REDIS_URL: 'redis+sentinel://:topsecret@s1:26379' });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual(['REDIS_URL: redis+sentinel:// needs ?name=<master name>']);
  });
});
