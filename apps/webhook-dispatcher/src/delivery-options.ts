import type { Provider } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import type { WebhookDispatcherConfig } from '@sesame/config';
import { webhookDeliverJobOptions } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';
import { parseRetrySchedule } from '@sesame/webhooks';

/** WEBHOOK_RETRY_SCHEDULE in milliseconds: the wait before each retry. */
export const RETRY_SCHEDULE = Symbol('RETRY_SCHEDULE');
/** Options of every `deliver` job: one attempt more than the schedule has waits. */
export const DELIVER_JOB_OPTIONS = Symbol('DELIVER_JOB_OPTIONS');
export type DeliverJobOptions = JobsOptions;

export const deliveryOptionProviders: Provider[] = [
  { provide: RETRY_SCHEDULE, inject: [CONFIG], useFactory: (c: WebhookDispatcherConfig) => parseRetrySchedule(c.WEBHOOK_RETRY_SCHEDULE) },
  { provide: DELIVER_JOB_OPTIONS, inject: [RETRY_SCHEDULE], useFactory: (s: number[]) => webhookDeliverJobOptions(s.length + 1) },
];
