import type { EventData, EventType } from '@sesame/domain';
import { JobName, OutboxJobPayload, QUEUES, QueueJobs } from '@sesame/queue-contracts';

/**
 * Outbox rows written from SQL (a CTE step, a trigger function), typed by the same queue, job and
 * event constants the producers and workers use, so a renamed queue or job, a misspelled event
 * type or a payload field the worker does not read fails to compile instead of stranding rows.
 * Values are SQL expressions (`l.id`, `$19::text`); names only ever come from those constants.
 */

/** SQL expressions for a payload's fields, keyed (and made required or optional) as the payload type. */
export type SqlFields<T> = { [K in keyof T]: string };

export interface StepSource {
  /** The tenant id expression (`$1`, `c.tenant_id`, `NEW.tenant_id`). */
  tenant: string;
  /** The rows the step is written for (`l, u`); none: one row. */
  from?: string;
  where?: string;
}

/** `INSERT INTO outbox …` of one job; `payload` is its fields, or `{ json }`: one SQL expression of the whole payload (a `$n::jsonb` parameter). */
export function outboxStep<Q extends keyof QueueJobs, J extends JobName<Q>>(
  queue: Q,
  job: J,
  payload: SqlFields<OutboxJobPayload<Q, J>> | { json: string },
  source: StepSource,
): string {
  const json = 'json' in payload && typeof payload.json === 'string' ? payload.json : jsonbObject(payload as Record<string, string | undefined>);
  return `INSERT INTO outbox (tenant_id, queue, job_name, payload)
  SELECT ${source.tenant}, ${sqlName(queue)}, ${sqlName(job)}, ${json}${source.from ? `\n  FROM ${source.from}` : ''}${source.where ? `\n  WHERE ${source.where}` : ''}`;
}

export interface EventStepSource extends StepSource {
  /** SQL expressions of the request's correlation id and trace context; a trigger has neither. */
  correlationId?: string;
  traceparent?: string;
}

/**
 * A webhook event as an outbox step, written only when an enabled endpoint of the tenant subscribes
 * to it (as recordEvent does), with `data` keyed as EventPayloads[type] (docs/events/<type>.json).
 */
export function eventStep<T extends EventType>(type: T, data: SqlFields<EventData<T>>, source: EventStepSource): string {
  const event = `jsonb_build_object('type', ${sqlName(type)}, 'timestamp', to_jsonb(now()), 'data', ${jsonbObject(data as Record<string, string | undefined>)})`;
  const subscribed = subscribedTo(source.tenant, sqlName(type));
  return outboxStep(QUEUES.webhooks, 'fan-out', { event, correlationId: source.correlationId, traceparent: source.traceparent }, {
    tenant: source.tenant,
    from: source.from,
    where: source.where ? `(${source.where}) AND ${subscribed}` : subscribed,
  });
}

/** An enabled endpoint of `tenant` subscribes to the event type `typeSql` (an SQL expression). */
export function subscribedTo(tenant: string, typeSql: string): string {
  return `EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.tenant_id = ${tenant} AND w.enabled AND w.events && ARRAY[${typeSql}, '*'])`;
}

/** `jsonb_build_object('key', expr, …)` of fields (an audit row's data that is also an event's). */
export function jsonbObject(fields: Record<string, string | undefined> | SqlFields<object>): string {
  const pairs = Object.entries(fields as Record<string, string | undefined>).filter((f): f is [string, string] => f[1] !== undefined);
  return `jsonb_build_object(${pairs.map(([key, value]) => `${sqlName(key)}, ${value}`).join(', ')})`;
}

/** A constant's name as an SQL string literal; the pattern keeps anything else out of the statement. */
function sqlName(name: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`not a queue, job, event or field name: ${name}`);
  return `'${name}'`;
}
