import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { WebhookDispatcherConfig } from '@sesame/config';
import { Sealer, signWebhookWithAll } from '@sesame/crypto';
import type { WebhookJobs } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';
import { parseRetryAfter } from '@sesame/webhooks';
import { Batcher } from '@sesame/persistence';
import { AttemptOutcome, AttemptRecord, DeliveryKey, DeliveryToSend, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookSender, SendResult } from './webhook-sender';
import { AttemptResult, WebhookMetrics } from './webhook.metrics';

export const USER_AGENT = 'Sesame-Webhooks/1.0';

export type DeliverOutcome = 'succeeded' | 'already-finished' | 'endpoint-disabled';

/** A failed attempt worth retrying; `retryAfterMs` is the receiver's Retry-After (429, 503), if any. */
export class RetryableAttemptError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'RetryableAttemptError';
  }
}

/**
 * One signed attempt for one webhook_deliveries row. Success returns; a failure worth retrying
 * throws RetryableAttemptError (the worker's backoff picks the wait); 410 Gone and a refused
 * target throw UnrecoverableError. Every attempt is recorded on the row before the job finishes;
 * reads and writes of concurrent attempts are batched into one statement each.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly loader: Batcher<DeliveryKey, DeliveryToSend | null>;
  private readonly writer: Batcher<AttemptRecord, AttemptOutcome>;

  constructor(
    @Inject(CONFIG) private readonly config: WebhookDispatcherConfig,
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(WebhookSender) private readonly sender: WebhookSender,
    @Inject(WebhookMetrics) private readonly metrics: WebhookMetrics,
  ) {
    this.loader = new Batcher((keys) => this.deliveries.findManyForSend(keys));
    this.writer = new Batcher((records) => this.deliveries.recordAttempts(records, config.WEBHOOK_DISABLE_AFTER_MS));
  }

  /** What the attempt will need; the processor reads the endpoint id from it to take a lease first. */
  load(key: DeliveryKey): Promise<DeliveryToSend | null> {
    return this.loader.add(key);
  }

  async deliver(
    { tenantId, deliveryId }: WebhookJobs['deliver'],
    delivery: DeliveryToSend | null,
    { lastAttempt }: { lastAttempt: boolean },
  ): Promise<DeliverOutcome> {
    if (!delivery || delivery.status !== 'pending') return 'already-finished';
    if (!delivery.endpointEnabled || !delivery.url || !delivery.sealedSecret) {
      await this.deliveries.markFailed(tenantId, deliveryId, 'endpoint disabled');
      return 'endpoint-disabled';
    }
    let secrets: string[];
    try {
      secrets = [this.sealer.open(delivery.sealedSecret)];
      if (delivery.previousSealedSecret) secrets.push(this.sealer.open(delivery.previousSealedSecret));
    } catch (err) {
      // A pepper rotated out too early: an operator can put it back, so keep retrying until the last attempt.
      if (lastAttempt) await this.record(delivery, { status: 'failed', statusCode: null, error: 'signing secret cannot be opened', latencyMs: 0, responseBody: null }, false);
      throw err;
    }
    // Standard Webhooks 1.0: the id is the same on every attempt, the timestamp is the attempt's own;
    // during a rotation the new and the old secret both sign (space-separated signatures).
    const timestamp = Math.floor(Date.now() / 1000);
    const result = await this.sender.send(delivery.url, delivery.body, {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': delivery.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhookWithAll(secrets, delivery.id, timestamp, delivery.body),
    });
    const kind = classify(result);
    this.metrics.recordAttempt(kind, result.latencyMs);
    const attempt = { statusCode: result.statusCode, error: result.error, latencyMs: result.latencyMs, responseBody: result.responseBody };

    if (kind === 'success') {
      await this.record(delivery, { ...attempt, status: 'succeeded' }, true);
      return 'succeeded';
    }
    if (kind === 'refused') {
      await this.record(delivery, { ...attempt, status: 'failed' }, false);
      throw new UnrecoverableError(result.error ?? 'webhook target refused');
    }
    if (kind === 'gone') {
      // 410 Gone (Standard Webhooks 1.0): the receiver wants nothing more; disable the endpoint.
      await this.record(delivery, { ...attempt, status: 'failed' }, false);
      await this.disableEndpoint(tenantId, delivery.endpointId, 'gone', { statusCode: 410, deliveryId });
      throw new UnrecoverableError('endpoint answered 410 Gone and was disabled');
    }
    const outcome = await this.record(delivery, { ...attempt, status: lastAttempt ? 'failed' : 'pending' }, false);
    if (outcome.failingTooLong) {
      const days = this.config.WEBHOOK_DISABLE_AFTER_MS / 86_400_000;
      await this.disableEndpoint(tenantId, delivery.endpointId, 'failing', { deliveryId, failingForDays: +days.toFixed(3) });
      await this.deliveries.markFailed(tenantId, deliveryId, `${result.error}; endpoint disabled after failing for ${+days.toFixed(3)} days`);
      throw new UnrecoverableError('every attempt to the endpoint has failed for too long; it was disabled');
    }
    const retryAfterMs = result.statusCode === 429 || result.statusCode === 503 ? parseRetryAfter(result.retryAfter ?? undefined) : null;
    throw new RetryableAttemptError(`webhook attempt failed: ${result.error}`, retryAfterMs);
  }

  /** Counted only by the attempt that actually turned the endpoint off (concurrent ones find it off). */
  private async disableEndpoint(...args: Parameters<WebhookDeliveryRepository['disableEndpoint']>): Promise<void> {
    if (await this.deliveries.disableEndpoint(...args)) this.metrics.endpointsDisabled.inc({ reason: args[2] });
  }

  private record(d: DeliveryToSend, a: Omit<AttemptRecord, 'tenantId' | 'deliveryId' | 'ok'>, ok: boolean): Promise<AttemptOutcome> {
    return this.writer.add({ ...a, tenantId: d.tenantId, deliveryId: d.id, ok });
  }
}

function classify(r: SendResult): AttemptResult {
  if (r.refused) return 'refused';
  if (r.statusCode === null) return 'network_error';
  if (r.statusCode >= 200 && r.statusCode < 300) return 'success';
  if (r.statusCode === 410) return 'gone';
  return 'http_error';
}
