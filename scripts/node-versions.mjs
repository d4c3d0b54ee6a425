#!/usr/bin/env node
// `npm run test:node-versions`: the build and the tests again on every other supported Node.js line
// (package.json "engines": 22 and 24 besides the machine's own), on this machine. Node.js itself
// comes from the npm registry (the official binaries, published as node-<platform>-<arch>), cached
// in .sesame/node/, so a machine that reaches only the npm registry can run it.
//   NODE_LINES=22,24  the majors to run (default 22,24)
//   E2E=1             the end-to-end suite too (about 8 minutes a line on 2 cores)
// Prints one line per Node.js line and exits 1 when any failed. Needs Postgres and Redis, as `npm test`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTestServices } from './lib/services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, '.sesame', 'node');
const lines = (process.env.NODE_LINES ?? '22,24').split(',').map((s) => s.trim()).filter(Boolean);
const pkg = `node-${process.platform}-${process.arch}`;

await requireTestServices();

/** Runs a command, its output shown; returns whether it exited 0. */
function run(cmd, args, env = process.env) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status === 0;
}

/** The newest release of a Node.js major on the npm registry, e.g. '22.23.5'. */
function newest(major) {
  const r = spawnSync('npm', ['view', `${pkg}@${major}`, 'version', '--json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm view ${pkg}@${major} failed: ${r.stderr.trim().split('\n').pop()}`);
  const versions = [].concat(JSON.parse(r.stdout));
  const key = (v) => v.split('.').map((n) => n.padStart(6, '0')).join('.');
  return versions.sort((a, b) => key(a).localeCompare(key(b))).pop();
}

/** The bin/ directory of that release, fetched and unpacked once. */
function install(version) {
  const dir = path.join(cache, version);
  const bin = path.join(dir, 'package', 'bin');
  if (fs.existsSync(path.join(bin, 'node'))) return bin;
  fs.mkdirSync(dir, { recursive: true });
  const packed = spawnSync('npm', ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--silent'], { cwd: root, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm pack ${pkg}@${version} failed: ${packed.stderr.trim().split('\n').pop()}`);
  const tarball = path.join(dir, packed.stdout.trim().split('\n').pop());
  if (!run('tar', ['xzf', tarball, '-C', dir])) throw new Error(`could not unpack ${tarball}`);
  fs.rmSync(tarball);
  return bin;
}

const results = [];
for (const major of lines) {
  const started = Date.now();
  let ok = false;
  let version = major;
  try {
    version = newest(major);
    const bin = install(version);
    // npm itself runs on the Node.js first on PATH, and so does everything it starts.
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
    console.log(`\n=== Node.js ${version} ===`);
    ok = run('node', ['--version'], env)
      && run('npm', ['run', '--silent', 'build'], env)
      && run('npm', ['run', '--silent', 'test:scripts'], env)
      && run('npx', ['nx', 'run-many', '-t', 'test', '--exclude', 'e2e', '--parallel', '2', '--outputStyle', 'stream'], env)
      && (process.env.E2E !== '1' || run('npx', ['nx', 'run', 'e2e:test', '--outputStyle', 'stream'], env));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
  }
  results.push({ node: version, ok, seconds: Math.round((Date.now() - started) / 1000) });
}
console.log('');
for (const r of results) console.log(`Node.js ${r.node}: ${r.ok ? 'passed' : 'FAILED'} (${r.seconds} s)`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
