#!/usr/bin/env node
// `npm run test:fuzz`: the fuzz suite's long run (docs/fuzzing.md). Builds, then runs
// e2e/src/fuzz against the five real processes with a random seed (printed, so a failure replays
// with FUZZ_SEED=<seed>) for FUZZ_SECONDS (default 900) or FUZZ_RUNS cases per cell, whichever ends first.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  FUZZ_SEED: process.env.FUZZ_SEED ?? String(randomInt(2 ** 31)),
  FUZZ_SECONDS: process.env.FUZZ_SECONDS ?? '900',
  FUZZ_RUNS: process.env.FUZZ_RUNS ?? '100000',
};
console.log(`fuzz: seed ${env.FUZZ_SEED}, up to ${env.FUZZ_SECONDS} s, up to ${env.FUZZ_RUNS} case(s) per operation × value class`);

for (const [cmd, ...args] of [
  ['npm', 'run', '--silent', 'build'],
  ['npx', 'jest', '-c', 'e2e/jest.config.js', '--runInBand', 'e2e/src/fuzz/'],
]) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`fuzz: failed (seed ${env.FUZZ_SEED})`);
    process.exit(r.status ?? 1);
  }
}
