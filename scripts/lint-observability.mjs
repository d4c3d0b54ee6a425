#!/usr/bin/env node
// Checks deploy/observability: the alert rules with promtool (syntax, then the rule unit tests)
// and the Grafana dashboard against dashboard.schema.json, plus what a schema cannot say (unique
// panel ids, one refId per target of a panel). Part of `npm run lint`. The metric names the two
// use are checked against a live stack by e2e/src/metrics-catalogue.e2e-spec.ts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../deploy/observability');
const problems = [];

const promtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' });
if (promtool.error) {
  // CI (.ci/run) installs it and sets SESAME_REQUIRE_PROMTOOL; on a laptop without it, say so instead of failing the whole lint.
  const message = 'promtool not found: install the Debian package `prometheus` (or a Prometheus release) to check the alert rules';
  if (process.env.SESAME_REQUIRE_PROMTOOL || process.env.CI) problems.push(message);
  else console.warn(`lint:observability: ${message}; skipping the rule checks`);
} else {
  for (const args of [['check', 'rules', 'sesame-alerts.rules.yml'], ['test', 'rules', 'sesame-alerts.test.yml']]) {
    const run = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) problems.push(`promtool ${args.join(' ')}:\n${run.stdout}${run.stderr}`);
  }
}

const schema = JSON.parse(readFileSync(path.join(dir, 'dashboard.schema.json'), 'utf8'));
const dashboard = JSON.parse(readFileSync(path.join(dir, 'sesame-dashboard.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);
if (!validate(dashboard)) {
  for (const e of validate.errors) problems.push(`sesame-dashboard.json${e.instancePath}: ${e.message}`);
}
const ids = new Set();
for (const panel of dashboard.panels ?? []) {
  if (ids.has(panel.id)) problems.push(`sesame-dashboard.json: panel id ${panel.id} is used twice`);
  ids.add(panel.id);
  const refIds = (panel.targets ?? []).map((t) => t.refId);
  if (new Set(refIds).size !== refIds.length) problems.push(`sesame-dashboard.json: panel "${panel.title}" repeats a refId`);
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('deploy/observability: rules and dashboard OK');
