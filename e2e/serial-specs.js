// End-to-end specs that run alone (`npm test` runs the others two at a time first). Each of these
// measures time or saturates the machine on purpose, so a second stack beside it would change what
// it measures; say why when adding one.
module.exports = [
  'admission.e2e-spec.ts', // drives the gateway past its admission limit
  'mail-worker-crash.e2e-spec.ts', // sends must arrive within JOB_LOCK_MS + 5 s of a kill
  'cold-start.e2e-spec.ts', // the token-service starts 1–2 s after the gateway; readiness within seconds
  'replicas.e2e-spec.ts', // 200 mailed links through two of every process
  'retention-replicas.e2e-spec.ts', // one scheduler run per tick across replicas
  'redis-cluster.e2e-spec.ts', // a three-master cluster and Sentinel started by the spec
  'competing-consumers.e2e-spec.ts', // consumers racing for the same stream
  'outbox-redis-loss.e2e-spec.ts', // Redis flushed under load, the reconciler's timing
  'single-use-race.e2e-spec.ts', // concurrent consumers of one token
  'fuzz.e2e-spec.ts', // thousands of requests
];
