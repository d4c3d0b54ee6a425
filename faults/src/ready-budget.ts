/**
 * How long a process the suite restarts may take to be ready again (the stack helper reads
 * SESAME_E2E_READY_MS through testEnv when it starts a process).
 *
 * Why not the stack's 60 s: a token-service SIGKILLed under the suite's load comes back in about
 * 48 s on this two-core machine (measured at ecc9135, before round 2's changes, and after them):
 * while one replica is down the load keeps Postgres saturated, and the new process's boot and
 * first connections wait behind it. That is slow, not broken — the remaining replica serves and
 * nothing is lost (I1–I6) — so the restart check waits longer here, and the slowness is recorded
 * in docs/operations.md as work to do, not hidden under a pass.
 */
process.env.SESAME_E2E_READY_MS ??= '120000';
