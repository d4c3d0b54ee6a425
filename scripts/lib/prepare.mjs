// What `npm start` and `npm run dev` do before and after starting the processes: install if needed,
// check Postgres and Redis, build, create the database, migrate; then wait for the gateway and
// print where everything is.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { devEnv, healthPort } from './dev-env.mjs';
import { checkServices } from './services.mjs';
import { logFormat, PROCESSES } from './stack.mjs';

function run(root, cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Returns the stack's environment once dist/ is built and the database is migrated. */
export async function prepareStack(root) {
  if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
    console.log('Installing dependencies (first run)…');
    run(root, 'npm', ['install', '--no-audit', '--no-fund']);
  }
  const env = devEnv(root);
  logFormat(env); // a bad LOG_FORMAT fails now, not after the build
  const problems = await checkServices(env.DATABASE_URL, env.REDIS_URL);
  if (problems.length) {
    for (const p of problems) console.error(p);
    process.exit(1);
  }
  console.log('Building…');
  run(root, 'npm', ['run', '--silent', 'build']);
  await ensureDatabase(env.DATABASE_URL);
  run(root, process.execPath, ['scripts/migrate.mjs'], { env });
  return env;
}

/** Waits until the gateway is ready, then prints the banner (nothing if it never got ready). */
export async function announce(env, isStopping) {
  const base = `http://localhost:${env.PORT}`;
  if (!(await waitReady(`${base}/health/ready`, isStopping))) return;
  const ports = PROCESSES.filter((name) => healthPort(env, name) !== undefined).map((name) => `${name} ${healthPort(env, name)}`);
  const database = new URL(env.DATABASE_URL).pathname.slice(1);
  const portFlag = Number(env.PORT) === 3000 ? '' : `PORT=${env.PORT} `;
  console.log(`
  Sesame is running.
    API        ${base}/v1
    API docs   ${base}/docs
    Mailbox    ${base}/dev/mailbox   (MAIL_TRANSPORT=${env.MAIL_TRANSPORT})
    Health     ${base}/health/ready   (workers: ${ports.join(', ')})
    State      database ${database}, Redis prefix ${env.REDIS_PREFIX}

  Create a tenant (prints the export KEY=… line for the README's curl steps):
    ${portFlag}npm run tenant:create -- --name acme --origin http://localhost:4000 --redirect http://localhost:4000/auth/callback
  Root API key:     .sesame/dev.env (SESAME_ROOT_API_KEY)
  Ctrl-C stops everything.
`);
}

async function waitReady(url, isStopping) {
  for (let i = 0; i < 150 && !isStopping(); i++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function ensureDatabase(url) {
  const { default: pg } = await import('pg');
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rows.length) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await client.end();
}
