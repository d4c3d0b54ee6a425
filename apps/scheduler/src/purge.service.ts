import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SchedulerConfig } from '@sesame/config';
import type { SchedulerJobName } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';
import { PurgeRepository } from './purge.repository';
import { SchedulerMetrics } from './scheduler.metrics';

/** What one scheduler run did; logged on the job's line and stored as the job's return value. */
export interface SchedulerRunResult {
  job: SchedulerJobName;
  /** Rows looked at, for jobs that inspect more than they delete. */
  examined?: number;
  deleted: number;
  batches: number;
  durationMs: number;
}

/**
 * Drains one purge: deletes batch after batch until a batch comes back short. A short pause between
 * batches lets other work interleave; on shutdown (`signal` aborted) it stops after the current
 * batch and leaves the rest to the next tick.
 */
@Injectable()
export class PurgeService {
  constructor(
    private readonly repository: PurgeRepository,
    private readonly metrics: SchedulerMetrics,
    @Inject(CONFIG) private readonly config: SchedulerConfig,
  ) {}

  expiredLinks(signal?: AbortSignal): Promise<SchedulerRunResult> {
    return this.drain('purge-expired-links', (n) => this.repository.deleteExpiredLinks(n), signal);
  }

  exchangeCodes(signal?: AbortSignal): Promise<SchedulerRunResult> {
    return this.drain('purge-exchange-codes', (n) => this.repository.deleteStaleExchangeCodes(n), signal);
  }

  idempotencyKeys(signal?: AbortSignal): Promise<SchedulerRunResult> {
    return this.drain('purge-idempotency-keys', (n) => this.repository.deleteOldIdempotencyKeys(n), signal);
  }

  private async drain(
    job: SchedulerJobName,
    deleteBatch: (limit: number) => Promise<number>,
    signal?: AbortSignal,
  ): Promise<SchedulerRunResult> {
    const started = performance.now();
    const limit = this.config.PURGE_BATCH_SIZE;
    let deleted = 0;
    let batches = 0;
    for (;;) {
      const n = await deleteBatch(limit);
      batches += 1;
      deleted += n;
      // Counted per batch: committed deletes stay counted even if a later batch fails.
      if (n > 0) this.metrics.deletedRows.inc({ job }, n);
      if (n < limit || signal?.aborted) break;
      if (this.config.PURGE_PAUSE_MS > 0) await sleep(this.config.PURGE_PAUSE_MS);
    }
    return { job, deleted, batches, durationMs: Math.round(performance.now() - started) };
  }
}
