import type { JobsOptions } from 'bullmq';
import type { TraceParent } from './trace-parent';

/** Jobs on the `mail` queue. Payloads carry ids only; the worker reads the rest from Postgres. */
export interface MailJobs {
  /** jobId = `ob-<outboxId>`, so a relay that publishes the same outbox row twice makes one job. */
  'send-link': { deliveryId: string; tenantId: string; outboxId: string; correlationId?: string; traceparent?: TraceParent };
  /** A magic-link email registration's email (its button leads to the integrator's redirect URL). */
  'send-registration': { registrationId: string; tenantId: string; outboxId: string; correlationId?: string; traceparent?: TraceParent };
  /** A template test send (POST /v1/templates/{type}/{language}/test-send): the worker renders it with sample values. */
  'send-template-test': { testSendId: string; tenantId: string; outboxId: string; correlationId?: string; traceparent?: TraceParent };
}
export type MailJobName = keyof MailJobs;

/** Every job name at run time; the mail worker refuses to boot without a handler for each. */
export const MAIL_JOB_NAMES: readonly MailJobName[] = ['send-link', 'send-registration', 'send-template-test'];

export const MAIL_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** A test send is worth a few tries, not a day of them: the person who asked is waiting for it. */
export const TEMPLATE_TEST_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 24 * 3600 },
};
