#!/usr/bin/env node
// Prints the heaviest frames of V8 CPU profiles (`node --cpu-prof`, or `PROFILE=<dir> npm run bench`):
//   node scripts/cpu-profile-top.mjs <file.cpuprofile | dir> [N=15]
// Per file: self time by function, and self time by package (node_modules/<name>, dist/<app|lib>,
// node: internals, (gc), (program)), each as a share of the busy (non-idle) time.
import fs from 'node:fs';
import path from 'node:path';

const [target, nArg] = process.argv.slice(2);
if (!target) {
  console.error('usage: node scripts/cpu-profile-top.mjs <file.cpuprofile | dir> [N]');
  process.exit(2);
}
const N = Number(nArg ?? 15);
const files = fs.statSync(target).isDirectory()
  ? fs.readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(target, f))
  : [target];

function packageOf(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return url.split('/')[0];
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1).split('/').slice(0, 3).join('/');
  return url;
}

for (const file of files) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // The profiler's own calls (the preload's inspector session) are not the app's work.
  const profilerOwn = (id) => {
    for (let p = id; p !== undefined; p = parent.get(p)) if (byId.get(p).callFrame.url.startsWith('node:inspector')) return true;
    return false;
  };
  const self = new Map();
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
  const fn = new Map(), pkg = new Map();
  let busy = 0;
  for (const [id, us] of self) {
    const { callFrame: f } = byId.get(id);
    if (f.functionName === '(idle)' || profilerOwn(id)) continue;
    busy += us;
    const k = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${f.lineNumber + 1}` : ''}`;
    fn.set(k, (fn.get(k) ?? 0) + us);
    const p = packageOf(f.url, f.functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, N).map(([k, us]) => `  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  console.log(`${path.basename(file)}: busy ${(busy / 1e6).toFixed(2)} s of ${((prof.endTime - prof.startTime) / 1e6).toFixed(1)} s`);
  console.log(' by package:');
  console.log(top(pkg).join('\n'));
  console.log(' by function (self):');
  console.log(top(fn).join('\n'));
}
