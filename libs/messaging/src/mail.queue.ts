import type { JobsOptions } from 'bullmq';

/** Jobs on the `mail` queue. Payloads carry ids only; the worker reads the rest from Postgres. */
export interface MailJobs {
  /** jobId = `ob-<outboxId>`, so a relay that publishes the same outbox row twice makes one job. */
  'send-link': { deliveryId: string; tenantId: string; outboxId: string; correlationId?: string };
  /** A magic-link email registration's email (its button leads to the integrator's redirect URL). */
  'send-registration': { registrationId: string; tenantId: string; outboxId: string; correlationId?: string };
}
export type MailJobName = keyof MailJobs;

/** Every job name at run time; the mail worker refuses to boot without a handler for each. */
export const MAIL_JOB_NAMES: readonly MailJobName[] = ['send-link', 'send-registration'];

export const MAIL_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
