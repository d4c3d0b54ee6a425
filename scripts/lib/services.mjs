// Checks that Postgres and Redis answer, with one line saying how to start whichever does not.
import net from 'node:net';

const HINTS = {
  postgres: "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or: docker compose up -d postgres)",
  redis: 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no   (or: docker compose up -d redis)',
};

function reachable(url, fallbackPort) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || fallbackPort) });
    socket.setTimeout(2000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

/**
 * redis+cluster:// and redis+sentinel:// list several hosts, which URL cannot parse: check the
 * first (a sentinel's default port is 26379).
 */
function firstRedisHost(url) {
  const m = /^(rediss?)(?:\+(cluster|sentinel))?:\/\/(?:[^@/?#]*@)?([^,/?#]*)/.exec(url);
  if (!m) return { url, port: 6379 };
  return { url: `redis://${m[3]}`, port: m[2] === 'sentinel' ? 26379 : 6379 };
}

/** Returns a list of one-line problems (empty when both answer). */
export async function checkServices(databaseUrl, redisUrl) {
  const problems = [];
  if (!(await reachable(databaseUrl, 5432))) problems.push(`Postgres is not reachable at ${new URL(databaseUrl).host}: start it with ${HINTS.postgres}`);
  const redis = firstRedisHost(redisUrl);
  if (!(await reachable(redis.url, redis.port))) problems.push(`Redis is not reachable at ${new URL(redis.url).host}: start it with ${HINTS.redis}`);
  return problems;
}

/**
 * The tests' Postgres and Redis (TEST_DATABASE_ADMIN_URL, TEST_REDIS_URL, else the local ones):
 * when one does not answer, prints how to start it and exits 1.
 */
export async function requireTestServices(env = process.env) {
  const problems = await checkServices(
    env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  );
  if (!problems.length) return;
  for (const p of problems) console.error(p);
  process.exit(1);
}
