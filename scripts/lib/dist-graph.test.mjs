// `npm run test:scripts`: `npm run dev` restarts a process only when a file it loads really changed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { changedFiles, dependencyClosure, hashTree } from './dist-graph.mjs';

function tree(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-dist-graph-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return (name) => path.join(dir, name);
}

test('the closure follows relative requires to files and index.js, not packages', () => {
  const at = tree({
    'apps/a/main.js': 'require("../../libs/x/src"); require("./util"); require("pino");',
    'apps/a/util.js': '',
    'libs/x/src/index.js': 'require("./inner");',
    'libs/x/src/inner.js': '',
    'libs/y/src/index.js': '',
  });
  assert.deepEqual([...dependencyClosure(at('apps/a/main.js'))].sort(), ['apps/a/main.js', 'apps/a/util.js', 'libs/x/src/index.js', 'libs/x/src/inner.js'].map(at).sort());
});

test('a re-emitted file with the same bytes is not a change', () => {
  const at = tree({ 'a.js': 'one', 'b.js': 'two' });
  const hashes = hashTree(path.dirname(at('a.js')));
  fs.writeFileSync(at('a.js'), 'one');
  fs.writeFileSync(at('b.js'), 'TWO');
  assert.deepEqual(changedFiles([at('a.js'), at('b.js')], hashes), [at('b.js')]);
  assert.deepEqual(changedFiles([at('b.js')], hashes), []);
});
