import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WEBHOOK_DELIVER_JOB_OPTIONS, WebhookJobs } from '@sesame/messaging';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookMetrics } from './webhook.metrics';
import { WEBHOOKS_QUEUE, WebhooksQueue } from './redis.provider';

/** `msg_` + 24 base64url characters (18 random bytes): the Standard Webhooks `webhook-id`. */
export function newDeliveryId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`;
}

/**
 * Turns one event into one delivery row and one `deliver` job per subscribed endpoint. Idempotent:
 * rows are unique per (event, endpoint) and jobs are keyed by delivery id, so a re-run (a retried
 * or republished fan-out) creates nothing twice and still enqueues what an interrupted run missed.
 */
@Injectable()
export class WebhookFanOutService {
  constructor(
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WEBHOOKS_QUEUE) private readonly queue: WebhooksQueue,
    @Inject(WebhookMetrics) private readonly metrics: WebhookMetrics,
  ) {}

  /** Returns how many deliveries were enqueued. */
  async fanOut({ outboxId, tenantId, event, correlationId }: WebhookJobs['fan-out']): Promise<number> {
    const endpointIds = await this.deliveries.findSubscribedEndpointIds(tenantId, event.type);
    if (endpointIds.length === 0) return 0;
    // Standard Webhooks payload shape `{ type, timestamp, data }`; the exact text is stored and
    // signed, so every attempt sends identical bytes.
    const body = JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
    const ids = await this.deliveries.insertDeliveries(
      tenantId,
      String(outboxId),
      event.type,
      body,
      endpointIds.map((endpointId) => ({ id: newDeliveryId(), endpointId })),
    );
    if (ids.length === 0) return 0;
    await this.queue.addBulk(
      ids.map((deliveryId) => ({
        name: 'deliver' as const,
        data: { deliveryId, tenantId, correlationId },
        opts: { ...WEBHOOK_DELIVER_JOB_OPTIONS, jobId: deliveryId },
      })),
    );
    this.metrics.deliveriesEnqueued.inc(ids.length);
    return ids.length;
  }
}
