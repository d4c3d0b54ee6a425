/**
 * `@sesame/queue-contracts`: queue names, job names, job payload types and default job options,
 * with no dependency at run time (libs/messaging re-exports it). Persistence imports it to write
 * outbox rows from SQL with the same constants the producers and workers use
 * (libs/persistence/src/sql/outbox-steps.ts).
 */
import type { MailJobs } from './mail.queue';
import { QUEUES } from './queue-names';
import type { SchedulerJobs } from './scheduler.queue';
import type { WebhookJobs } from './webhooks.queue';

export * from './queue-names';
export * from './mail.queue';
export * from './webhooks.queue';
export * from './scheduler.queue';
export * from './trace-parent';
// The webhook event catalogue (docs/events): the body of every event, read by the gateway's
// OpenAPI document and the event tests alike. node:fs only, so this lib stays free of packages.
export * from './event-catalogue';

/** Every queue's jobs: name to payload. */
export interface QueueJobs {
  [QUEUES.mail]: MailJobs;
  [QUEUES.webhooks]: WebhookJobs;
  [QUEUES.scheduler]: SchedulerJobs;
}
export type JobName<Q extends keyof QueueJobs> = keyof QueueJobs[Q] & string;
/** A job's payload as written to the outbox: the relay adds `tenantId` (the row's) and `outboxId` when it publishes. */
export type OutboxJobPayload<Q extends keyof QueueJobs, J extends JobName<Q>> = Omit<QueueJobs[Q][J], 'tenantId' | 'outboxId'>;
