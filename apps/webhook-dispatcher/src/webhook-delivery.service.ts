import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Sealer, signWebhook } from '@sesame/crypto';
import type { WebhookJobs } from '@sesame/messaging';
import { AttemptRecord, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookSender, SendResult } from './webhook-sender';
import { AttemptResult, WebhookMetrics } from './webhook.metrics';

export const USER_AGENT = 'Sesame-Webhooks/1.0';

export type DeliverOutcome = 'succeeded' | 'already-finished' | 'endpoint-disabled';

/**
 * One signed attempt for one webhook_deliveries row. Success returns; a failure worth retrying
 * throws a plain Error (BullMQ retries with backoff); 410 Gone and a refused target throw
 * UnrecoverableError. Every attempt is recorded on the row first.
 */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(WebhookSender) private readonly sender: WebhookSender,
    @Inject(WebhookMetrics) private readonly metrics: WebhookMetrics,
  ) {}

  async deliver({ tenantId, deliveryId }: WebhookJobs['deliver'], { lastAttempt }: { lastAttempt: boolean }): Promise<DeliverOutcome> {
    const delivery = await this.deliveries.findForSend(tenantId, deliveryId);
    if (!delivery || delivery.status !== 'pending') return 'already-finished';
    if (!delivery.endpointEnabled || !delivery.url || !delivery.sealedSecret) return 'endpoint-disabled';

    let secret: string;
    try {
      secret = this.sealer.open(delivery.sealedSecret);
    } catch (err) {
      // A pepper rotated out too early: an operator can put it back, so keep retrying until the last attempt.
      if (lastAttempt) await this.record(tenantId, deliveryId, { status: 'failed', statusCode: null, error: 'signing secret cannot be opened', latencyMs: 0 });
      throw err;
    }

    // Standard Webhooks 1.0: the id is the same on every attempt, the timestamp is the attempt's own.
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await this.sender.send(delivery.url, delivery.body, {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': delivery.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, delivery.id, timestamp, delivery.body),
    });
    const kind = classify(result);
    this.metrics.recordAttempt(kind, result.latencyMs);
    const attempt = { statusCode: result.statusCode, error: result.error, latencyMs: result.latencyMs };

    if (kind === 'success') {
      await this.record(tenantId, deliveryId, { ...attempt, status: 'succeeded' });
      return 'succeeded';
    }
    if (kind === 'refused') {
      await this.record(tenantId, deliveryId, { ...attempt, status: 'failed' });
      throw new UnrecoverableError(result.error ?? 'webhook target refused');
    }
    if (kind === 'gone') {
      // 410 Gone: the receiver says the endpoint no longer exists; stop sending it anything.
      await this.record(tenantId, deliveryId, { ...attempt, status: 'failed' });
      await this.deliveries.disableEndpoint(tenantId, delivery.endpointId, { reason: 'gone', statusCode: 410, deliveryId });
      throw new UnrecoverableError('endpoint answered 410 Gone and was disabled');
    }
    await this.record(tenantId, deliveryId, { ...attempt, status: lastAttempt ? 'failed' : 'pending' });
    throw new Error(`webhook attempt failed: ${result.error}`);
  }

  private record(tenantId: string, deliveryId: string, attempt: AttemptRecord): Promise<void> {
    return this.deliveries.recordAttempt(tenantId, deliveryId, attempt);
  }
}

function classify(r: SendResult): AttemptResult {
  if (r.refused) return 'refused';
  if (r.statusCode === null) return 'network_error';
  if (r.statusCode >= 200 && r.statusCode < 300) return 'success';
  if (r.statusCode === 410) return 'gone';
  return 'http_error';
}
