import type { JobsOptions } from 'bullmq';
import type { TraceParent } from './trace-parent';
import type { WebhookEvent } from '@sesame/domain';

/**
 * Jobs on the `webhooks` queue:
 * - `fan-out`: one event (an outbox row) becomes one webhook_deliveries row per subscribed endpoint,
 *   and the first attempt of each is made right there (no job per delivery when it succeeds);
 * - `deliver`: the further signed HTTP attempts for one webhook_deliveries row (jobId = delivery
 *   id, or `<delivery id>-r<n>` for the n-th replay);
 * - `schedule-delivery`: token-service asks for a `deliver` job (a replay, a test ping) without
 *   knowing the dispatcher's retry settings; the dispatcher adds it with its own options.
 */
export interface WebhookJobs {
  /** Carries the event itself: an event is an immutable fact, so it cannot go stale in Redis. */
  'fan-out': { outboxId: string; tenantId: string; event: WebhookEvent; correlationId?: string; traceparent?: TraceParent };
  /**
   * `priorAttempts`: attempts already made before this job (the fan-out makes the first one
   * itself), so the schedule and the last-attempt check count them; the job's own `attempts`
   * option is the rest.
   */
  deliver: { deliveryId: string; tenantId: string; correlationId?: string; traceparent?: TraceParent; priorAttempts?: number };
  /** `run`: 0 for a first delivery (a ping), n for the n-th replay; it makes the deliver jobId unique. */
  'schedule-delivery': { deliveryId: string; tenantId: string; run: number; correlationId?: string; traceparent?: TraceParent };
}
export type WebhookJobName = keyof WebhookJobs;

/** The deliver job's id: stable per run, so a job re-added for the same run is de-duplicated. */
export function deliverJobId(deliveryId: string, run = 0): string {
  return run === 0 ? deliveryId : `${deliveryId}-r${run}`;
}

export const WEBHOOK_FANOUT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const WEBHOOK_SCHEDULE_JOB_OPTIONS: JobsOptions = WEBHOOK_FANOUT_JOB_OPTIONS;

/** The dispatcher's worker computes deliver retry delays itself (schedule, jitter, Retry-After). */
export const WEBHOOK_BACKOFF_TYPE = 'webhook-schedule';

/** `attempts` = 1 + the number of retries in WEBHOOK_RETRY_SCHEDULE. */
export function webhookDeliverJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: WEBHOOK_BACKOFF_TYPE },
    // The delivery log in Postgres is the record; keeping finished jobs in Redis only costs work.
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
