// `npm run test:scripts` (needs kubectl): the deploy checks pass the real production render and
// catch each class of mistake they exist for.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { checkObjects } from './k8s-checks.mjs';

const overlay = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy/kubernetes/overlays/production');
const rendered = spawnSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
const production = () => parseAllDocuments(rendered.stdout).map((d) => d.toJS());
const find = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);

test('the production overlay passes', () => {
  assert.equal(rendered.status, 0, rendered.stderr);
  assert.deepEqual(checkObjects(production()), []);
});

const mistakes = [
  ['an unknown kind', (o) => o.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'sesame' } }), /Pod\/x: unknown kind/],
  ['a wrong apiVersion', (o) => (find(o, 'HorizontalPodAutoscaler', 'gateway').apiVersion = 'autoscaling/v1'), /apiVersion autoscaling\/v1, expected autoscaling\/v2/],
  ['a missing namespace', (o) => delete find(o, 'Deployment', 'gateway').metadata.namespace, /Deployment\/gateway: metadata.namespace missing/],
  ['a selector that misses its pods', (o) => (find(o, 'Deployment', 'scheduler').spec.selector.matchLabels['app.kubernetes.io/component'] = 'x'), /does not match the pod template/],
  ['a probe on an undeclared port', (o) => (find(o, 'Deployment', 'mail-worker').spec.template.spec.containers[0].readinessProbe.httpGet.port = 'metrics'), /readinessProbe uses port "metrics"/],
  ['a fixed replica count under an HPA', (o) => (find(o, 'Deployment', 'gateway').spec.replicas = 3), /sets spec.replicas although it is autoscaled/],
  ['an HPA on a missing Deployment', (o) => (find(o, 'HorizontalPodAutoscaler', 'gateway').spec.scaleTargetRef.name = 'gone'), /scaleTargetRef Deployment\/gone is not a rendered Deployment/],
  ['two autoscalers on one Deployment', (o) => o.push({ ...find(o, 'HorizontalPodAutoscaler', 'mail-worker'), metadata: { name: 'mail-worker-2', namespace: 'sesame' } }), /two autoscalers fight/],
  ['a migrate Job without its pre-deploy label', (o) => delete find(o, 'Job', 'sesame-migrate').metadata.labels['sesame.dev/phase'], /needs label sesame.dev\/phase=pre-deploy/],
  ['a Service on a port its pods lack', (o) => (find(o, 'Service', 'gateway').spec.ports[0].targetPort = 'web'), /targetPort "web"/],
  ['a PDB selecting nothing', (o) => (find(o, 'PodDisruptionBudget', 'gateway').spec.selector.matchLabels['app.kubernetes.io/component'] = 'x'), /selector matches no pod template/],
  ['a secret from another Secret', (o) => (find(o, 'Deployment', 'gateway').spec.template.spec.containers[0].env.find((e) => e.valueFrom).valueFrom.secretKeyRef.name = 'other'), /reads Secret other/],
];

for (const [name, mutate, expected] of mistakes) {
  test(`catches ${name}`, () => {
    const objects = production();
    mutate(objects);
    const problems = checkObjects(objects);
    assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} in:\n${problems.join('\n')}`);
  });
}
