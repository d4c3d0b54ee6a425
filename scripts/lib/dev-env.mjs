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
  const port = process.env.PORT ?? '3000';
  return {
    NODE_ENV: 'development',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sesame',
    REDIS_URL: 'redis://127.0.0.1:6379',
    PORT: port,
    PUBLIC_BASE_URL: `http://localhost:${port}`,
    MAIL_TRANSPORT: 'outbox',
    WEBHOOK_ALLOWED_TARGETS: '127.0.0.1,localhost,::1',
    ...generated,
    ...process.env,
  };
}
