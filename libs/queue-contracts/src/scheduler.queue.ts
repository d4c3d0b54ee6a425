import type { JobSchedulerTemplateOptions } from 'bullmq';

/**
 * Singleton sweeps on the `scheduler` queue. Each is registered with `upsertJobScheduler` under its
 * job name as the stable scheduler id, so however many scheduler replicas upsert it, exactly one
 * job per tick runs cluster-wide.
 * WARNING: renaming a job leaves the old scheduler in Redis producing jobs no handler accepts;
 * remove it with `queue.removeJobScheduler(oldName)`.
 */
export interface SchedulerJobs {
  /** Unconsumed, unrevoked links past `expires_at` + a short grace; emits `magiclink.expired`. */
  'purge-expired-links': Record<string, never>;
  /** Everything kept for a retention period: used links, audit, deliveries, outbox, codes, keys. */
  'purge-retained-data': Record<string, never>;
  /** Unpublished outbox rows older than a few seconds are published again (jobId de-duplicates). */
  'reconcile-outbox': Record<string, never>;
}
export type SchedulerJobName = keyof SchedulerJobs;

const JOB_NAMES: Record<SchedulerJobName, true> = {
  'purge-expired-links': true,
  'purge-retained-data': true,
  'reconcile-outbox': true,
};

/** Job schedulers of earlier versions; removed from Redis on boot so they stop producing jobs. */
export const RETIRED_SCHEDULER_JOB_NAMES = ['purge-exchange-codes', 'purge-idempotency-keys'] as const;
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
