#!/usr/bin/env node
// `npm start`: install if needed, build, migrate, then run all five processes in this terminal with
// prefixed logs. Ctrl-C stops them all.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devEnv } from './lib/dev-env.mjs';
import { checkServices } from './lib/services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROCESSES = ['token-service', 'mail-worker', 'scheduler', 'webhook-dispatcher', 'gateway'];
const HEALTH_PORTS = { 'token-service': 3101, 'mail-worker': 3102, scheduler: 3103, 'webhook-dispatcher': 3104 };
const COLORS = [36, 35, 33, 34, 32];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  console.log('Installing dependencies (first run)…');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

const env = devEnv(root);
const problems = await checkServices(env.DATABASE_URL, env.REDIS_URL);
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}

console.log('Building…');
run('npm', ['run', '--silent', 'build']);
await ensureDatabase(env.DATABASE_URL);
run('node', ['scripts/migrate.mjs'], { env });

const children = PROCESSES.map((name, i) => {
  const childEnv = { ...env, HEALTH_PORT: String(HEALTH_PORTS[name] ?? 0) };
  const child = spawn('node', [path.join(root, 'dist/apps', name, 'src/main.js')], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `\x1b[${COLORS[i]}m${name.padEnd(18)}\x1b[0m| `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) process.stdout.write(prefix + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${prefix}exited (${signal ?? code})\n`);
    if (!stopping) stop(1);
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const base = `http://localhost:${env.PORT}`;
await waitReady(`${base}/health/ready`);
console.log(`
  Sesame is running.
    API        ${base}/v1
    API docs   ${base}/docs
    Mailbox    ${base}/dev/mailbox   (MAIL_TRANSPORT=${env.MAIL_TRANSPORT})
    Health     ${base}/health/ready

  Create a tenant:  npm run tenant:create -- --name acme --origin http://localhost:4000
  Root API key:     .sesame/dev.env (SESAME_ROOT_API_KEY)
  Ctrl-C stops everything.
`);

async function waitReady(url) {
  for (let i = 0; i < 150 && !stopping; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
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
