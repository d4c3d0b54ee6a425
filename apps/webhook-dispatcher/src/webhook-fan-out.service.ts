import { Inject, Injectable } from '@nestjs/common';
import { newWebhookMessageId } from '@sesame/crypto';
import { deliverJobId, WebhookJobs } from '@sesame/messaging';
import { DELIVER_JOB_OPTIONS, DeliverJobOptions } from './delivery-options';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookMetrics } from './webhook.metrics';
import { WEBHOOKS_QUEUE, WebhooksQueue } from './redis.provider';

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
    @Inject(DELIVER_JOB_OPTIONS) private readonly deliverOptions: DeliverJobOptions,
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
      endpointIds.map((endpointId) => ({ id: newWebhookMessageId(), endpointId })),
    );
    if (ids.length === 0) return 0;
    await this.queue.addBulk(
      ids.map((deliveryId) => ({
        name: 'deliver' as const,
        data: { deliveryId, tenantId, correlationId },
        opts: { ...this.deliverOptions, jobId: deliverJobId(deliveryId) },
      })),
    );
    this.metrics.deliveriesEnqueued.inc(ids.length);
    return ids.length;
  }
}
