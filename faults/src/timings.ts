/**
 * Every duration of the suite, compressed so the whole run takes a few minutes; each can be
 * stretched through the environment (e.g. FAULTS_REDIS_DOWN_MS=30000) to look closer at one fault.
 */
export interface Timings {
  /** Links created per second. */
  rate: number;
  /** Load before the first fault and after each recovery, before the next fault. */
  settleMs: number;
  redisDownMs: number;
  /** How long the fake SendGrid answers 500, then 429, then not at all (each). */
  providerFaultMs: number;
  poolExhaustedMs: number;
  /** The mail-worker's job lock and how long its event loop is blocked (must exceed the lock). */
  jobLockMs: number;
  blockLoopMs: number;
  /** Longest wait for every mail and webhook to settle once the load stops. */
  drainMs: number;
}

export function timingsFromEnv(env: NodeJS.ProcessEnv = process.env): Timings {
  const n = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${raw})`);
    return value;
  };
  return {
    rate: n('FAULTS_RATE', 50),
    settleMs: n('FAULTS_SETTLE_MS', 4000),
    redisDownMs: n('FAULTS_REDIS_DOWN_MS', 10_000),
    providerFaultMs: n('FAULTS_PROVIDER_MS', 10_000),
    poolExhaustedMs: n('FAULTS_POOL_EXHAUSTED_MS', 5000),
    jobLockMs: n('FAULTS_JOB_LOCK_MS', 4000),
    blockLoopMs: n('FAULTS_BLOCK_LOOP_MS', 8000),
    drainMs: n('FAULTS_DRAIN_MS', 120_000),
  };
}
