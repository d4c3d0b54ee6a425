#!/usr/bin/env node
// `npm test`: every test. Builds (e2e specs run the compiled processes), then the tooling's own
// tests (scripts/lib/*.test.mjs), unit + integration specs of every project through Nx, then the
// end-to-end suite. Needs Postgres and Redis.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTestServices } from './lib/services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR };

await requireTestServices();

const steps = [
  ['build', ['npm', 'run', '--silent', 'build']],
  ['scripts', ['npm', 'run', '--silent', 'test:scripts']],
  ['unit + integration', ['npx', 'nx', 'run-many', '-t', 'test', '--exclude', 'e2e', '--parallel', '2', '--outputStyle', 'stream']],
  ['end-to-end', ['npx', 'nx', 'run', 'e2e:test', '--outputStyle', 'stream']],
];
for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`\n${name} failed`);
    process.exit(r.status ?? 1);
  }
}
console.log('\nAll tests passed.');
