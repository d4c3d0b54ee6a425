import type { JobSchedulerTemplateOptions } from 'bullmq';

/**
 * Singleton sweeps on the `scheduler` queue. Each is registered with `upsertJobScheduler` under its
 * job name as the stable scheduler id, so however many scheduler replicas upsert it, exactly one
 * job per tick runs cluster-wide.
 * WARNING: renaming a job leaves the old scheduler in Redis producing jobs no handler accepts;
 * remove it with `queue.removeJobScheduler(oldName)`.
 */
export interface SchedulerJobs {
  /** Unconsumed, unrevoked links past `expires_at` (cascades to their deliveries and codes). */
  'purge-expired-links': Record<string, never>;
  /** Exchange codes used, or expired for more than an hour. */
  'purge-exchange-codes': Record<string, never>;
  /** Idempotency-Key records older than their 24 h replay window. */
  'purge-idempotency-keys': Record<string, never>;
}
export type SchedulerJobName = keyof SchedulerJobs;

const JOB_NAMES: Record<SchedulerJobName, true> = {
  'purge-expired-links': true,
  'purge-exchange-codes': true,
  'purge-idempotency-keys': true,
};
export const SCHEDULER_JOB_NAMES = Object.keys(JOB_NAMES) as SchedulerJobName[];

export function isSchedulerJobName(name: string): name is SchedulerJobName {
  return Object.prototype.hasOwnProperty.call(JOB_NAMES, name);
}

/** One attempt: a failed sweep is simply run again at the next tick. */
export const SCHEDULER_JOB_OPTIONS: JobSchedulerTemplateOptions = {
  attempts: 1,
  removeOnComplete: 100,
  removeOnFail: 100,
};
