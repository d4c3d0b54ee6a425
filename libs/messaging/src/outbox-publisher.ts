import type { JobsOptions, Queue } from 'bullmq';
import type { TraceSpan } from '@sesame/observability';
import { startPublishSpan } from './job-tracing';
import { MAIL_JOB_OPTIONS, QUEUES, TEMPLATE_TEST_JOB_OPTIONS, TraceParent, WEBHOOK_FANOUT_JOB_OPTIONS, WEBHOOK_SCHEDULE_JOB_OPTIONS } from '@sesame/queue-contracts';
import type { TenantFairness } from './tenant-fairness';

/** An outbox row as the publishers read it (`id` as text: bigint). */
export interface OutboxRow {
  id: string;
  tenant_id: string | null;
  queue: string;
  job_name: string;
  payload: Record<string, unknown>;
}

/** The queues outbox rows are published to. */
export const OUTBOX_QUEUES = [QUEUES.mail, QUEUES.webhooks] as const;

const JOB_OPTIONS: Record<string, JobsOptions> = {
  [`${QUEUES.mail}:send-link`]: MAIL_JOB_OPTIONS,
  [`${QUEUES.mail}:send-registration`]: MAIL_JOB_OPTIONS,
  [`${QUEUES.mail}:send-template-test`]: TEMPLATE_TEST_JOB_OPTIONS,
  [`${QUEUES.webhooks}:fan-out`]: WEBHOOK_FANOUT_JOB_OPTIONS,
  [`${QUEUES.webhooks}:schedule-delivery`]: WEBHOOK_SCHEDULE_JOB_OPTIONS,
};

/**
 * "A relay published outbox rows within the last OUTBOX_RELAY_PROGRESS_MS": while it is set, the
 * scheduler's reconciliation leaves stale rows to the relay (it is behind, not gone; publishing the
 * same rows from a second process would only add work when there is least room for it).
 *
 * Rename warning: token-service writes it and the scheduler reads it; renaming it makes a scheduler
 * of the old name reconcile during every relay lag until both run the new name.
 */
export const outboxRelayProgressKey = (prefix: string) => `${prefix}:outbox:relay-progress`;
export const OUTBOX_RELAY_PROGRESS_MS = 5000;

/** BullMQ refuses integer job ids; `ob-<outbox id>` also makes a second publish of a row a no-op. */
export const outboxJobId = (id: string) => `ob-${id}`;

/**
 * Adds one job per row (jobId `ob-<id>`), grouped by queue. Used by token-service's relay and by
 * the scheduler's reconciliation alike, so a row published by both is still one job. With
 * `fairness`, a tenant sending more than its fair rate is queued behind the others (TenantFairness).
 */
export async function publishOutboxRows(queues: ReadonlyMap<string, Queue>, rows: OutboxRow[], fairness?: TenantFairness): Promise<void> {
  const byQueue = new Map<string, OutboxRow[]>();
  for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
  await Promise.all(
    [...byQueue].map(([name, group]) => {
      const queue = queues.get(name);
      if (!queue) throw new Error(`outbox row for unknown queue ${name}`);
      const spans = group.map((r) => startPublishSpan(name, r.job_name, outboxJobId(r.id), r.payload.traceparent as TraceParent | undefined));
      const added = queue.addBulk(
        group.map((r, i) => ({
          name: r.job_name,
          data: { ...r.payload, outboxId: r.id, tenantId: r.tenant_id, ...(spans[i] ? { traceparent: spans[i].traceparent } : {}) },
          opts: { ...JOB_OPTIONS[`${name}:${r.job_name}`], jobId: outboxJobId(r.id), priority: fairness?.priorityOf(name, r.tenant_id) },
        })),
      );
      return endSpansWith(added, spans);
    }),
  );
}

/** Ends the publish spans once the jobs are added (or failed to be). */
async function endSpansWith<T>(work: Promise<T>, spans: (TraceSpan | undefined)[]): Promise<T> {
  try {
    const result = await work;
    spans.forEach((span) => span?.end());
    return result;
  } catch (err) {
    spans.forEach((span) => span?.end(err));
    throw err;
  }
}
