// Development settings for `npm start`: the environment wins; missing secrets are generated once and
// kept in .sesame/dev.env (git-ignored) so keys and links survive restarts.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function devEnv(root) {
  const file = path.join(root, '.sesame', 'dev.env');
  const saved = fs.existsSync(file)
    ? Object.fromEntries(fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    : {};
  const generated = {
    SESAME_ROOT_API_KEY: saved.SESAME_ROOT_API_KEY ?? `root_${randomBytes(32).toString('base64url')}`,
    TOKEN_PEPPER: saved.TOKEN_PEPPER ?? `k1:${randomBytes(36).toString('base64url')}`,
  };
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Object.entries(generated).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  }
  const port = process.env.PORT ?? String(DEFAULT_PORT);
  // A stack on another PORT gets its own database and Redis prefix unless told otherwise, so a
  // second `PORT=3200 npm start` next to the first shares neither rows nor queues with it.
  const name = Number(port) === DEFAULT_PORT ? 'sesame' : `sesame_${port}`;
  return {
    NODE_ENV: 'development',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: name,
    PORT: port,
    PUBLIC_BASE_URL: `http://localhost:${port}`,
    MAIL_TRANSPORT: 'outbox',
    WEBHOOK_ALLOWED_TARGETS: '127.0.0.1,localhost,::1',
    ...generated,
    ...process.env,
  };
}

/**
 * The workers' /health and /metrics ports: PORT+101 to PORT+104 (3101-3104 next to the default
 * gateway port), so stacks on different PORTs never collide.
 */
export function healthPort(env, processName) {
  const offset = WORKER_PORT_OFFSETS[processName];
  return offset === undefined ? undefined : Number(env.PORT) + offset;
}

const DEFAULT_PORT = 3000;
const WORKER_PORT_OFFSETS = { 'token-service': 101, 'mail-worker': 102, scheduler: 103, 'webhook-dispatcher': 104 };
