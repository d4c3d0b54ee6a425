import { inSpan, startSpan, TraceSpan, tracingEnabled } from '@sesame/observability';
import type { TraceParent } from '@sesame/queue-contracts';

interface TracedJob {
  id?: string;
  name: string;
  /** Any job's data: read only for a `traceparent` (scheduler jobs have none). */
  data?: unknown;
}

const messaging = (queue: string, jobName: string, jobId: string | undefined) => ({
  'messaging.system': 'bullmq',
  'messaging.destination.name': queue,
  'messaging.operation.name': jobName,
  ...(jobId ? { 'messaging.message.id': jobId } : {}),
});

/** A worker's run of one job, as a consumer span under the job's traceparent. Off: runs `work`. */
export function inJobSpan<T>(queue: string, job: TracedJob, work: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return work();
  return inSpan(`process ${queue} ${job.name}`, { kind: 'consumer', parent: (job.data as { traceparent?: TraceParent } | null | undefined)?.traceparent, attributes: messaging(queue, job.name, job.id) }, work);
}

/**
 * A producer span for one job about to be added, child of `parent` (an outbox row's traceparent)
 * or of the active span; the job's data should carry its `traceparent`. Undefined when off.
 */
export function startPublishSpan(queue: string, jobName: string, jobId: string, parent?: TraceParent): TraceSpan | undefined {
  if (!tracingEnabled()) return undefined;
  return startSpan(`publish ${queue} ${jobName}`, { kind: 'producer', parent, attributes: messaging(queue, jobName, jobId) });
}
