import { Inject, Injectable } from '@nestjs/common';
import type { Counter, Histogram, Registry } from 'prom-client';
import { counter, histogram, METRICS } from '@sesame/observability';

/** Prometheus series of the mail worker, served on the health server's /metrics. */
@Injectable()
export class MailMetrics {
  /** One per job run, by outcome (sent, skipped, already-done, deferred, retry, failed, error). */
  readonly jobs: Counter<string>;
  readonly jobSeconds: Histogram<string>;
  /** Provider calls by channel, provider and outcome (sent, failed: retried, rejected: permanent). */
  readonly providerSends: Counter<string>;

  constructor(@Inject(METRICS) registry: Registry) {
    this.jobs = counter(registry, 'sesame_mail_jobs_total', 'Mail job runs by outcome', ['job', 'outcome']);
    this.jobSeconds = histogram(registry, 'sesame_mail_job_duration_seconds', 'Mail job run time', ['job']);
    this.providerSends = counter(registry, 'sesame_provider_sends_total', 'Messages handed to a provider, by channel, provider and outcome (sent, failed, rejected)', ['channel', 'provider', 'outcome']);
  }
}
