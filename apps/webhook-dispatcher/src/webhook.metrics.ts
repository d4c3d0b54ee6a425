import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Histogram, Registry } from 'prom-client';
import { counter, histogram, METRICS } from '@sesame/observability';

export type AttemptResult = 'success' | 'http_error' | 'network_error' | 'refused' | 'gone';

/** Prometheus metrics of the dispatcher, served on the health server's /metrics. */
@Injectable()
export class WebhookMetrics {
  readonly deliveriesEnqueued: Counter<string>;
  readonly attempts: Counter<string>;
  readonly attemptSeconds: Histogram<string>;
  readonly deferrals: Counter<string>;
  /** Endpoints this dispatcher turned off: `gone` (answered 410) or `failing` (every attempt failed for WEBHOOK_DISABLE_AFTER_MS). */
  readonly endpointsDisabled: Counter<string>;

  constructor(@Inject(METRICS) registry: Registry) {
    this.deliveriesEnqueued = counter(registry, 'sesame_webhook_deliveries_enqueued_total', 'Deliveries enqueued by fan-out');
    this.attempts = counter(registry, 'sesame_webhook_attempts_total', 'Webhook HTTP attempts by result', ['result']);
    this.deferrals = counter(registry, 'sesame_webhook_deferrals_total', 'Deliver jobs put back because their endpoint was at its concurrency limit');
    this.endpointsDisabled = counter(registry, 'sesame_webhook_endpoints_disabled_total', 'Webhook endpoints disabled automatically, by reason (gone, failing)', ['reason']);
    this.attemptSeconds = histogram(registry, 'sesame_webhook_attempt_duration_seconds', 'Duration of webhook HTTP attempts', ['result']);
  }

  recordAttempt(result: AttemptResult, latencyMs: number): void {
    this.attempts.inc({ result });
    this.attemptSeconds.observe({ result }, latencyMs / 1000);
  }
}
