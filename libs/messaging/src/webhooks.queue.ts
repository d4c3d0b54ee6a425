import type { JobsOptions } from 'bullmq';
import type { WebhookEvent } from '@sesame/domain';

/**
 * Jobs on the `webhooks` queue:
 * - `fan-out`: one event (an outbox row) becomes one webhook_deliveries row per subscribed endpoint;
 * - `deliver`: one signed HTTP attempt series for one webhook_deliveries row (jobId = delivery id).
 */
export interface WebhookJobs {
  /** Carries the event itself: an event is an immutable fact, so it cannot go stale in Redis. */
  'fan-out': { outboxId: string; tenantId: string; event: WebhookEvent; correlationId?: string };
  deliver: { deliveryId: string; tenantId: string; correlationId?: string };
}
export type WebhookJobName = keyof WebhookJobs;

export const WEBHOOK_FANOUT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const WEBHOOK_DELIVER_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 5000, jitter: 0.5 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
