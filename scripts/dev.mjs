#!/usr/bin/env node
// `npm run dev`: `npm start` plus watch mode. The TypeScript compiler runs in watch mode (incremental,
// so a save recompiles only what it affects); after each compile the emitted files get their
// `@sesame/*` imports rewritten like `npm run build` does, and only the processes whose compiled
// code actually changed restart: an edit in apps/mail-worker restarts the mail-worker, an edit
// in libs/messaging every process that loads it. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { changedFiles, dependencyClosure, hashTree } from './lib/dist-graph.mjs';
import { announce, prepareStack } from './lib/prepare.mjs';
import { PROCESSES, Stack } from './lib/stack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = path.join(root, 'dist');
const entry = (name) => path.join(dist, 'apps', name, 'src/main.js');

const env = await prepareStack(root);
// A crash here is usually the code being edited: keep the others running, retry on the next save.
const stack = await Stack.create(root, env, (name) => console.log(`dev               | ${name} stopped; it starts again after the next clean compile`));
stack.startAll();
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

const hashes = hashTree(dist);
const closures = new Map(PROCESSES.map((name) => [name, dependencyClosure(entry(name))]));
const rewriteAliases = await require('tsc-alias').prepareSingleFileReplaceTscAliasPaths({ configFile: path.join(root, 'tsconfig.build.json'), outDir: dist });
/** Files changed since the last compile without errors: restarts wait for code that compiles. */
const pending = new Set();

const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput', '--listEmittedFiles', '--pretty', 'false'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let emitted = [];
let buffer = '';
tsc.stdout.setEncoding('utf8');
tsc.stdout.on('data', (chunk) => {
  buffer += chunk;
  const lines = buffer.split('\n');
  buffer = lines.pop();
  for (const line of lines) onCompilerLine(line);
});
tsc.on('exit', (code) => {
  if (!stack.stopping) console.error(`tsc --watch exited (${code})`);
  void stack.stopAll(1);
});

// Restarts run one compile at a time, so a burst of saves never restarts a process twice at once.
let restarting = Promise.resolve();

function onCompilerLine(line) {
  const file = /^TSFILE: (.+\.js)$/.exec(line.trim());
  if (file) {
    emitted.push(file[1]);
    return;
  }
  const done = /Found (\d+) errors?\. Watching for file changes/.exec(line);
  if (!done) {
    if (line.includes('error TS') || /File change detected/.test(line)) console.log(`tsc               | ${line}`);
    return;
  }
  const files = emitted;
  emitted = [];
  restarting = restarting.then(() => afterCompile(files, Number(done[1])));
}

async function afterCompile(files, errors) {
  await rewrite(files);
  for (const file of changedFiles(files, hashes)) pending.add(file);
  if (errors > 0) {
    console.log(`tsc               | ${errors} error(s): restarts wait for a clean compile`);
    return;
  }
  // A process that crashed comes back with any clean compile, whatever the change touched.
  const affected = PROCESSES.filter((name) => !stack.children.has(name) || [...pending].some((file) => closures.get(name).has(file)));
  pending.clear();
  if (affected.length === 0) return;
  console.log(`dev               | restarting ${affected.join(', ')}`);
  await Promise.all(affected.map(async (name) => {
    await stack.restart(name);
    closures.set(name, dependencyClosure(entry(name)));
  }));
}

/** Applies `npm run build`'s path-alias rewrite (tsc-alias) to freshly emitted files. */
async function rewrite(files) {
  await Promise.all(files.map(async (filePath) => {
    const fileContents = await fs.readFile(filePath, 'utf8').catch(() => undefined);
    if (fileContents === undefined) return;
    const rewritten = rewriteAliases({ fileContents, filePath });
    if (rewritten !== fileContents) await fs.writeFile(filePath, rewritten);
  }));
}

function shutdown() {
  tsc.kill('SIGTERM');
  void stack.stopAll(0);
}

await announce(env, () => stack.stopping);
console.log('  Watching for changes (npm run dev): a save recompiles and restarts only the affected processes.\n');
