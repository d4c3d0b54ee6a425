/**
 * REDIS_URL names one of three topologies (docs/operations.md "Redis topologies"):
 *
 *   redis://[user:password@]host:port[/db]                     one server (rediss:// for TLS)
 *   redis+cluster://[user:password@]host:port,host:port         Redis Cluster seed nodes (rediss+cluster://)
 *   redis+sentinel://[user:password@]host:port,host:port[/db]?name=mymaster[&sentinelPassword=…]
 *                                                              Sentinel-managed master (rediss+sentinel://)
 *
 * It is parsed here, once, so load-config refuses a bad URL at start-up with a message that says
 * what is wrong, and every Redis connection is built from the same parsed form.
 */

export interface RedisNode {
  host: string;
  port: number;
}

interface RedisAuth {
  username?: string;
  password?: string;
  tls: boolean;
}

export type RedisTopology =
  | ({ kind: 'single'; url: string } & RedisAuth)
  | ({ kind: 'cluster'; nodes: RedisNode[] } & RedisAuth)
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; name: string; db: number; sentinelUsername?: string; sentinelPassword?: string } & RedisAuth);

export class RedisUrlError extends Error {
  override readonly name = 'RedisUrlError';
}

const URL_SHAPE = /^(rediss?)(?:\+(cluster|sentinel))?:\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;
const SENTINEL_PARAMS = ['name', 'sentinelUsername', 'sentinelPassword'];

/** Parses REDIS_URL; throws RedisUrlError naming the problem (never echoing the password). */
export function parseRedisUrl(url: string): RedisTopology {
  const m = URL_SHAPE.exec(url.trim());
  if (!m) throw new RedisUrlError('must be redis://, rediss://, redis+cluster://, rediss+cluster://, redis+sentinel:// or rediss+sentinel://host:port');
  const [, scheme, mode, userinfo, hostList, path, query] = m;
  const tls = scheme === 'rediss';
  const auth: RedisAuth = { ...credentials(userinfo), tls };
  const params = new URLSearchParams(query ?? '');
  const db = database(path);

  if (!mode) {
    if (hostList.includes(',')) throw new RedisUrlError('lists several hosts: use redis+cluster:// or redis+sentinel://');
    nodes(hostList, 6379, 1);
    if ([...params.keys()].length) throw new RedisUrlError(`query parameters are not supported on ${scheme}:// (got ${[...params.keys()].join(', ')})`);
    return { kind: 'single', url, ...auth };
  }
  if (mode === 'cluster') {
    if (db !== 0) throw new RedisUrlError('a Redis Cluster has only database 0');
    if ([...params.keys()].length) throw new RedisUrlError(`redis+cluster:// takes no query parameters (got ${[...params.keys()].join(', ')})`);
    return { kind: 'cluster', nodes: nodes(hostList, 6379, 1), ...auth };
  }
  const unknown = [...params.keys()].filter((k) => !SENTINEL_PARAMS.includes(k));
  if (unknown.length) throw new RedisUrlError(`unknown query parameter ${unknown.join(', ')} (allowed: ${SENTINEL_PARAMS.join(', ')})`);
  const name = params.get('name');
  if (!name) throw new RedisUrlError('redis+sentinel:// needs ?name=<master name>');
  return {
    kind: 'sentinel',
    sentinels: nodes(hostList, 26379, 1),
    name,
    db,
    ...(params.get('sentinelUsername') ? { sentinelUsername: params.get('sentinelUsername')! } : {}),
    ...(params.get('sentinelPassword') ? { sentinelPassword: params.get('sentinelPassword')! } : {}),
    ...auth,
  };
}

/** The URL without credentials, for log lines and error messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^@/?#]*@/i, '$1***@').replace(/(sentinelPassword=)[^&#]*/g, '$1***');
}

/** Hosts (`host:port, …`) of the URL, for messages. */
export function redisHosts(topology: RedisTopology): string {
  if (topology.kind === 'single') return topology.url.replace(/^[a-z+]+:\/\/(?:[^@/?#]*@)?([^/?#]*).*$/i, '$1');
  const list = topology.kind === 'cluster' ? topology.nodes : topology.sentinels;
  return list.map((n) => `${n.host}:${n.port}`).join(',');
}

function credentials(userinfo: string | undefined): { username?: string; password?: string } {
  if (!userinfo) return {};
  const colon = userinfo.indexOf(':');
  const [user, pass] = colon < 0 ? [userinfo, undefined] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new RedisUrlError('has a badly percent-encoded user or password');
    }
  };
  return { ...(user ? { username: decode(user) } : {}), ...(pass ? { password: decode(pass) } : {}) };
}

function database(path: string | undefined): number {
  const raw = (path ?? '').replace(/^\//, '');
  if (raw === '') return 0;
  if (!/^\d{1,2}$/.test(raw)) throw new RedisUrlError(`has database "${raw}": it must be a number (0-15)`);
  return Number(raw);
}

function nodes(list: string, defaultPort: number, min: number): RedisNode[] {
  const parsed = list.split(',').filter(Boolean).map((item) => node(item.trim(), defaultPort));
  if (parsed.length < min) throw new RedisUrlError('names no host');
  return parsed;
}

function node(item: string, defaultPort: number): RedisNode {
  // [::1]:7000 for IPv6, host:7000 otherwise.
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(item);
  if (!m) throw new RedisUrlError(`has a bad host "${item}" (expected host:port)`);
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (port < 1 || port > 65535) throw new RedisUrlError(`has a bad port in "${item}"`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}
