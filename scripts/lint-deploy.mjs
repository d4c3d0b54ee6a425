#!/usr/bin/env node
// `npm run lint:deploy` (part of `npm run lint`): renders every Kubernetes overlay with every
// combination of the optional components through `kubectl kustomize`, and checks what comes out
// (scripts/lib/k8s-checks.mjs). Needs kubectl; says so and fails without it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { checkObjects } from './lib/k8s-checks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kube = path.join(root, 'deploy/kubernetes');
const subdirs = (dir) => fs.readdirSync(path.join(kube, dir), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${dir}/${d.name}`);

const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
if (version.error || version.status !== 0) {
  console.error('lint:deploy needs kubectl (it renders deploy/kubernetes with `kubectl kustomize`): install it, e.g. apt-get install kubectl, or see https://kubernetes.io/docs/tasks/tools/');
  process.exit(1);
}

const overlays = subdirs('overlays');
const components = subdirs('components');
// Every subset of the components on every overlay: 2^components renders per overlay.
const subsets = components.reduce((acc, c) => acc.concat(acc.map((s) => [...s, c])), [[]]);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-lint-deploy-'));
let failures = 0;
let renders = 0;
try {
  for (const overlay of overlays) {
    for (const subset of subsets) {
      const name = [overlay, ...subset.map((c) => `+${path.basename(c)}`)].join(' ');
      const problems = check(render(overlay, subset));
      renders++;
      if (problems.length) {
        failures++;
        console.error(`${name}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
      }
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
if (failures) process.exit(1);
console.log(`lint:deploy: ${renders} renders of ${overlays.length} overlays x ${subsets.length} component sets, all valid`);

/** The rendered YAML of `overlay` with `subset` added, through a kustomization in a scratch dir. */
function render(overlay, subset) {
  let dir = path.join(kube, overlay);
  if (subset.length) {
    // kustomize refuses absolute paths in a kustomization; relative ones may leave its root.
    dir = fs.mkdtempSync(path.join(scratch, 'k-'));
    const rel = (p) => path.relative(dir, path.join(kube, p));
    fs.writeFileSync(
      path.join(dir, 'kustomization.yaml'),
      ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', `  - ${rel(overlay)}`, 'components:', ...subset.map((c) => `  - ${rel(c)}`), ''].join('\n'),
    );
  }
  const out = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) return { error: out.stderr.trim() || `kubectl kustomize exited ${out.status}` };
  return { yaml: out.stdout };
}

function check({ error, yaml }) {
  if (error) return [`kubectl kustomize failed: ${error}`];
  const docs = parseAllDocuments(yaml);
  const syntax = docs.flatMap((d) => d.errors.map((e) => `YAML: ${e.message}`));
  if (syntax.length) return syntax;
  return checkObjects(docs.map((d) => d.toJS()).filter((o) => o !== null));
}
