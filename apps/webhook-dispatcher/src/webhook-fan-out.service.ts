import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { WebhookDispatcherConfig } from '@sesame/config';
import { deliverJobId, WebhookJobs } from '@sesame/messaging';
import { CONFIG, currentTraceparent } from '@sesame/observability';
import { retryDelayMs } from '@sesame/webhooks';
import { DELIVER_JOB_OPTIONS, DeliverJobOptions, RETRY_SCHEDULE } from './delivery-options';
import { EndpointSlots } from './endpoint-slots';
import { WEBHOOKS_QUEUE, WebhooksQueue } from './redis.provider';
import { Batcher } from '@sesame/persistence';
import { DeliveryToSend, NewEventDeliveries, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { RetryableAttemptError, WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookMetrics } from './webhook.metrics';

export interface FanOutResult {
  deliveries: number;
  succeeded: number;
  /** Failed first attempts, queued as `deliver` jobs at the schedule's first wait. */
  retrying: number;
  /** Endpoints at their concurrency limit (or an error before the attempt): queued to run soon. */
  queued: number;
}

/**
 * Turns one event into one delivery row per subscribed endpoint and makes every first attempt at
 * once, concurrently, batching the reads and writes with other fan-outs in flight. Only what did not
 * succeed becomes a `deliver` job, so the common case costs no queue round trip per delivery.
 * Idempotent: rows are unique per (event, endpoint); a re-run (a retried or republished fan-out)
 * creates nothing twice and attempts only what is still pending; deliver jobs are keyed by delivery id.
 */
@Injectable()
export class WebhookFanOutService {
  private readonly inserter: Batcher<NewEventDeliveries, DeliveryToSend[]>;

  constructor(
    @Inject(CONFIG) private readonly config: WebhookDispatcherConfig,
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WebhookDeliveryService) private readonly delivery: WebhookDeliveryService,
    @Inject(EndpointSlots) private readonly slots: EndpointSlots,
    @Inject(WEBHOOKS_QUEUE) private readonly queue: WebhooksQueue,
    @Inject(WebhookMetrics) private readonly metrics: WebhookMetrics,
    @Inject(DELIVER_JOB_OPTIONS) private readonly deliverOptions: DeliverJobOptions,
    @Inject(RETRY_SCHEDULE) private readonly schedule: number[],
  ) {
    this.inserter = new Batcher((events) => this.deliveries.insertForEvents(events), 200);
  }

  async fanOut({ outboxId, tenantId, event, correlationId }: WebhookJobs['fan-out']): Promise<FanOutResult> {
    const result: FanOutResult = { deliveries: 0, succeeded: 0, retrying: 0, queued: 0 };
    // Standard Webhooks payload shape `{ type, timestamp, data }`; the exact text is stored and
    // signed, so every attempt sends identical bytes.
    const body = JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
    const pending = await this.inserter.add({ tenantId, eventId: String(outboxId), eventType: event.type, body });
    result.deliveries = pending.length;
    if (pending.length === 0) return result;
    this.metrics.deliveriesEnqueued.inc(pending.length);

    const later: Array<{ deliveryId: string; delayMs: number; priorAttempts: number }> = [];
    await Promise.all(pending.map(async (d) => {
      const deliveryId = d.id;
      const outcome = await this.firstAttempt(d);
      if (outcome === 'done') result.succeeded++;
      else if (outcome === 'queue') {
        result.queued++;
        later.push({ deliveryId, delayMs: 0, priorAttempts: 0 });
      } else if (outcome !== 'final') {
        result.retrying++;
        later.push({ deliveryId, delayMs: outcome.delayMs, priorAttempts: 1 });
      }
    }));
    if (later.length > 0) {
      await this.queue.addBulk(later.map((l) => ({
        name: 'deliver' as const,
        data: { deliveryId: l.deliveryId, tenantId, correlationId, traceparent: currentTraceparent(), priorAttempts: l.priorAttempts },
        opts: {
          ...this.deliverOptions,
          attempts: (this.deliverOptions.attempts ?? 1) - l.priorAttempts,
          delay: l.delayMs,
          jobId: deliverJobId(l.deliveryId),
        },
      })));
    }
    return result;
  }

  /** How long a first attempt waits for its endpoint's slot before going to the queue instead. */
  private slotWaitMs(): number {
    return Math.min(1000, this.config.WEBHOOK_TIMEOUT_MS / 4);
  }

  /** `done`: succeeded (or nothing to do); `final`: failed for good; else when to try again. */
  private async firstAttempt(d: DeliveryToSend): Promise<'done' | 'final' | 'queue' | { delayMs: number }> {
    const key = { tenantId: d.tenantId, deliveryId: d.id };
    try {
      const release = await this.slots.acquire(d.endpointId, this.slotWaitMs());
      if (!release) return 'queue';
      try {
        await this.delivery.deliver(key, d, { lastAttempt: false });
        return 'done';
      } finally {
        release();
      }
    } catch (err) {
      if (err instanceof UnrecoverableError) return 'final';
      if (err instanceof RetryableAttemptError) {
        return { delayMs: retryDelayMs(this.schedule, 1, { jitter: this.config.WEBHOOK_RETRY_JITTER, retryAfterMs: err.retryAfterMs }) };
      }
      // Not an answer from the receiver (a database or secret problem): let a deliver job handle it.
      return 'queue';
    }
  }
}
