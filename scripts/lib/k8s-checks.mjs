// Checks of one rendered kustomization (a list of Kubernetes objects) that need no cluster: each kind
// has a known apiVersion and its required fields, and the references between objects hold
// (selectors select pods, autoscalers target Deployments, ports are declared). `kubectl apply
// --dry-run=client` cannot do this offline: it asks the API server for its resource list first.

/** Kinds the manifests may contain: apiVersion, whether namespaced, and the kind's own checks. */
const KINDS = {
  Namespace: { apiVersion: 'v1', namespaced: false },
  ConfigMap: { apiVersion: 'v1', check: (o, c) => c.require(o, 'data') },
  Service: { apiVersion: 'v1', check: checkService },
  Deployment: { apiVersion: 'apps/v1', check: checkWorkload },
  Job: { apiVersion: 'batch/v1', check: checkWorkload },
  HorizontalPodAutoscaler: { apiVersion: 'autoscaling/v2', check: checkHpa },
  PodDisruptionBudget: { apiVersion: 'policy/v1', check: (o, c) => c.selects(o, o.spec?.selector) },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', check: checkNetworkPolicy },
  ServiceMonitor: { apiVersion: 'monitoring.coreos.com/v1', check: checkServiceMonitor },
  ScaledObject: { apiVersion: 'keda.sh/v1alpha1', check: checkScaledObject },
};

/** Objects that must carry this label: deploy/README.md applies them first with `-l`. */
const PRE_DEPLOY = { label: 'sesame.dev/phase', value: 'pre-deploy', kinds: ['ConfigMap', 'Job'] };
const SECRET_NAME = 'sesame-secrets';

/** Returns a list of problems (empty when the objects pass). */
export function checkObjects(objects) {
  const problems = [];
  const c = context(objects, problems);
  const seen = new Set();
  for (const o of objects) {
    const kind = KINDS[o?.kind];
    if (!kind) {
      problems.push(`${c.id(o)}: unknown kind (expected one of ${Object.keys(KINDS).join(', ')})`);
      continue;
    }
    if (o.apiVersion !== kind.apiVersion) problems.push(`${c.id(o)}: apiVersion ${o.apiVersion}, expected ${kind.apiVersion}`);
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(o.metadata?.name ?? '')) problems.push(`${c.id(o)}: metadata.name missing or not a DNS name`);
    if (kind.namespaced !== false && !o.metadata?.namespace) problems.push(`${c.id(o)}: metadata.namespace missing`);
    if (seen.has(c.id(o))) problems.push(`${c.id(o)}: defined twice`);
    seen.add(c.id(o));
    if (PRE_DEPLOY.kinds.includes(o.kind) && o.metadata?.labels?.[PRE_DEPLOY.label] !== PRE_DEPLOY.value) {
      problems.push(`${c.id(o)}: needs label ${PRE_DEPLOY.label}=${PRE_DEPLOY.value} (the migrate step applies it first)`);
    }
    kind.check?.(o, c);
  }
  checkOneAutoscalerPerDeployment(objects, c);
  return problems;
}

function context(objects, problems) {
  const workloads = objects.filter((o) => o?.kind === 'Deployment' || o?.kind === 'Job');
  const c = {
    id: (o) => `${o?.kind ?? '?'}/${o?.metadata?.name ?? '?'}`,
    fail: (o, message) => problems.push(`${c.id(o)}: ${message}`),
    require(o, path) {
      const value = path.split('.').reduce((v, key) => v?.[key], o);
      if (value === undefined || value === null || value === '') c.fail(o, `${path} is required`);
      return value;
    },
    /** Pod templates whose labels satisfy `selector` ({matchLabels} or a plain label map). */
    podsMatching(selector) {
      const wanted = selector?.matchLabels ?? selector ?? {};
      return workloads.filter((w) => Object.entries(wanted).every(([k, v]) => w.spec?.template?.metadata?.labels?.[k] === v));
    },
    selects(o, selector) {
      if (!selector || Object.keys(selector.matchLabels ?? selector).length === 0) c.fail(o, 'selector is empty');
      else if (c.podsMatching(selector).length === 0) c.fail(o, 'selector matches no pod template');
    },
    services: objects.filter((o) => o?.kind === 'Service'),
    deployment: (name) => objects.find((o) => o?.kind === 'Deployment' && o.metadata?.name === name),
    hasConfigMap: (name) => objects.some((o) => o?.kind === 'ConfigMap' && o.metadata?.name === name),
    containerPortNames: (pods) => new Set(pods.flatMap((w) => w.spec.template.spec?.containers ?? []).flatMap((ct) => ct.ports ?? []).map((p) => p.name)),
  };
  return c;
}

function checkWorkload(o, c) {
  const template = c.require(o, 'spec.template');
  const containers = template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) return c.fail(o, 'spec.template.spec.containers is empty');
  if (o.kind === 'Deployment') {
    const matchLabels = c.require(o, 'spec.selector.matchLabels') ?? {};
    for (const [k, v] of Object.entries(matchLabels)) {
      if (template.metadata?.labels?.[k] !== v) c.fail(o, `selector ${k}=${v} does not match the pod template's labels`);
    }
  }
  if (template.spec?.securityContext?.runAsNonRoot !== true) c.fail(o, 'pods must set securityContext.runAsNonRoot');
  for (const ct of containers) {
    if (!ct.name || !ct.image) c.fail(o, 'every container needs name and image');
    const ports = new Set((ct.ports ?? []).map((p) => p.name));
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      const port = ct[probe]?.httpGet?.port;
      if (typeof port === 'string' && !ports.has(port)) c.fail(o, `${ct.name}.${probe} uses port "${port}", which the container does not declare`);
    }
    for (const e of ct.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref && ref.name !== SECRET_NAME) c.fail(o, `${ct.name} env ${e.name} reads Secret ${ref.name}, expected ${SECRET_NAME}`);
    }
    for (const from of ct.envFrom ?? []) {
      if (from.configMapRef && !c.hasConfigMap(from.configMapRef.name)) c.fail(o, `${ct.name} envFrom names ConfigMap ${from.configMapRef.name}, which is not rendered`);
    }
    if (ct.securityContext?.allowPrivilegeEscalation !== false) c.fail(o, `${ct.name} must set allowPrivilegeEscalation: false`);
  }
}

function checkService(o, c) {
  const ports = c.require(o, 'spec.ports') ?? [];
  c.selects(o, o.spec?.selector);
  const declared = c.containerPortNames(c.podsMatching(o.spec?.selector));
  for (const p of ports) {
    if (typeof p.targetPort === 'string' && !declared.has(p.targetPort)) c.fail(o, `targetPort "${p.targetPort}" is not a container port of the selected pods`);
  }
}

function checkHpa(o, c) {
  checkScaleTarget(o, c, o.spec?.scaleTargetRef);
  const { minReplicas = 1, maxReplicas } = o.spec ?? {};
  if (!(maxReplicas >= minReplicas && minReplicas >= 1)) c.fail(o, `needs 1 <= minReplicas (${minReplicas}) <= maxReplicas (${maxReplicas})`);
  if (!o.spec?.metrics?.length) c.fail(o, 'spec.metrics is empty');
}

function checkScaledObject(o, c) {
  checkScaleTarget(o, c, o.spec?.scaleTargetRef);
  const { minReplicaCount = 0, maxReplicaCount = 100 } = o.spec ?? {};
  if (!(maxReplicaCount >= minReplicaCount)) c.fail(o, 'minReplicaCount is above maxReplicaCount');
  const triggers = o.spec?.triggers ?? [];
  if (triggers.length === 0) c.fail(o, 'spec.triggers is empty');
  for (const t of triggers.filter((t) => t.type === 'prometheus')) {
    for (const key of ['serverAddress', 'query', 'threshold']) if (!t.metadata?.[key]) c.fail(o, `prometheus trigger needs metadata.${key}`);
  }
}

function checkScaleTarget(o, c, ref) {
  const target = ref?.name && c.deployment(ref.name);
  if (!target || (ref.kind && ref.kind !== 'Deployment')) return c.fail(o, `scaleTargetRef ${ref?.kind ?? '?'}/${ref?.name ?? '?'} is not a rendered Deployment`);
  // A fixed replica count would reset the autoscaler's choice on every apply.
  if (target.spec?.replicas !== undefined) c.fail(o, `Deployment/${ref.name} sets spec.replicas although it is autoscaled`);
}

function checkOneAutoscalerPerDeployment(objects, c) {
  const byTarget = new Map();
  for (const o of objects.filter((o) => o?.kind === 'HorizontalPodAutoscaler' || o?.kind === 'ScaledObject')) {
    const name = o.spec?.scaleTargetRef?.name;
    byTarget.set(name, [...(byTarget.get(name) ?? []), c.id(o)]);
  }
  for (const [name, scalers] of byTarget) {
    if (scalers.length > 1) c.fail({ kind: 'Deployment', metadata: { name } }, `scaled by ${scalers.join(' and ')}: two autoscalers fight`);
  }
}

function checkNetworkPolicy(o, c) {
  const selector = c.require(o, 'spec.podSelector');
  if (selector && Object.keys(selector.matchLabels ?? {}).length > 0 && c.podsMatching(selector).length === 0) c.fail(o, 'podSelector matches no pod template');
  const types = o.spec?.policyTypes ?? [];
  if (types.length === 0 || types.some((t) => t !== 'Ingress' && t !== 'Egress')) c.fail(o, 'policyTypes must list Ingress and/or Egress');
  const pods = selector && Object.keys(selector.matchLabels ?? {}).length > 0 ? c.podsMatching(selector) : [];
  const declared = c.containerPortNames(pods);
  for (const rule of o.spec?.ingress ?? []) {
    // A named port must exist on at least one selected pod, or the rule admits nothing.
    if (!(rule.ports ?? []).some((p) => typeof p.port !== 'string' || declared.has(p.port))) c.fail(o, 'an ingress rule names no port the selected pods declare');
  }
}

function checkServiceMonitor(o, c) {
  const endpoints = c.require(o, 'spec.endpoints') ?? [];
  const wanted = o.spec?.selector?.matchLabels;
  if (!wanted) return c.fail(o, 'spec.selector.matchLabels is required');
  const services = c.services.filter((s) => Object.entries(wanted).every(([k, v]) => s.metadata?.labels?.[k] === v));
  if (services.length === 0) return c.fail(o, 'selector matches no Service');
  const ports = new Set(services.flatMap((s) => s.spec?.ports ?? []).map((p) => p.name));
  for (const e of endpoints) if (!ports.has(e.port)) c.fail(o, `endpoint port "${e.port}" is on none of the selected Services`);
}
