// Which compiled files each process loads, and which files a compile really changed: lets
// `npm run dev` restart only the processes an edit affects.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const RELATIVE_REQUIRE = /require\("(\.{1,2}\/[^"]*)"\)/g;

/** Every .js file under `dir` with a hash of its content. */
export function hashTree(dir, hashes = new Map()) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(file, hashes);
    else if (entry.name.endsWith('.js')) hashes.set(file, hash(file));
  }
  return hashes;
}

/**
 * The files of `files` whose content differs from `hashes` (which is updated). The compiler
 * re-emits dependents whose output is byte-for-byte the same; those restart nothing.
 */
export function changedFiles(files, hashes) {
  const changed = [];
  for (const file of files) {
    const now = fs.existsSync(file) ? hash(file) : undefined;
    if (now !== hashes.get(file)) changed.push(file);
    hashes.set(file, now);
  }
  return changed;
}

/** `entry` and every file it loads through relative requires (the build rewrites `@sesame/*` to those). */
export function dependencyClosure(entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file) || !fs.existsSync(file)) continue;
    seen.add(file);
    for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(RELATIVE_REQUIRE)) {
      const resolved = resolve(path.resolve(path.dirname(file), spec));
      if (resolved) queue.push(resolved);
    }
  }
  return seen;
}

function resolve(target) {
  for (const candidate of [target, `${target}.js`, path.join(target, 'index.js')]) {
    if (candidate.endsWith('.js') && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function hash(file) {
  return createHash('sha1').update(fs.readFileSync(file)).digest('hex');
}
