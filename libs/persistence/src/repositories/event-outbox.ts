import type { EntityManager } from 'typeorm';
import type { EventData, EventType, WebhookEvent } from '@sesame/domain';
import { QUEUES } from '@sesame/queue-contracts';
import { currentCorrelationId, currentTraceparent } from '@sesame/observability';
import { outboxStep, subscribedTo } from '../sql/outbox-steps';

/**
 * Records a webhook event in the outbox, in the caller's transaction, only when an enabled
 * endpoint of the tenant subscribes to it (so events nobody wants cost one index probe, no job).
 * The relay turns the row into a `fan-out` job on the `webhooks` queue. `at`: when it happened
 * (now, unless a provider reported it earlier).
 */
export async function recordEvent<T extends EventType>(
  db: Pick<EntityManager, 'query'>,
  tenantId: string,
  type: T,
  data: EventData<T>,
  at: Date = new Date(),
): Promise<void> {
  await db.query(EVENT_INSERT_SQL, [tenantId, type, eventOutboxPayload(type, data, at)]);
}

/** The outbox payload of an event (`{ event, correlationId, traceparent }` as JSON), for statements that insert it themselves. */
export function eventOutboxPayload<T extends EventType>(type: T, data: EventData<T>, at: Date = new Date()): string {
  const event: WebhookEvent<EventData<T>> = { type, timestamp: at.toISOString(), data };
  return JSON.stringify({ event, correlationId: currentCorrelationId(), traceparent: currentTraceparent() });
}

/**
 * The same insert as SQL, for statements that add it as a CTE step.
 * Parameters: $1 tenant id, $2 event type, $3 payload JSON `{ event, correlationId, traceparent }`.
 */
export const EVENT_INSERT_SQL = outboxStep(QUEUES.webhooks, 'fan-out', { json: '$3::jsonb' }, { tenant: '$1::uuid', where: subscribedTo('$1::uuid', '$2::text') });
