import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { SchedulerConfig } from '@sesame/config';
import { closeProducerQueues, openOutboxQueues, outboxRelayProgressKey, ProducerQueue, publishOutboxRows, RedisConnection } from '@sesame/messaging';
import type { Logger } from 'pino';
import { CONFIG, LOGGER } from '@sesame/observability';
import { SCHEDULER_REDIS } from '../redis.provider';
import { REPLICA_ID } from '../retention/replica-id';
import { RetentionRepository } from '../retention/retention.repository';
import { SchedulerMetrics } from '../scheduler.metrics';
import { OutboxReconcileRepository } from './outbox-reconcile.repository';

export const RECONCILE_PURGE_NAME = 'outbox-reconcile';
const BATCH = 500;

/**
 * Publishes outbox rows the relay has not published within OUTBOX_STALE_MS (relay down, a missed
 * wake-up, a Redis that refused writes): the same jobs with the same `ob-<id>` ids, so a row the
 * relay publishes too is still one job. Runs under an advisory lock; runs that found something are
 * recorded in retention_runs as `outbox-reconcile` (examined = rows published again).
 */
@Injectable()
export class OutboxReconcileService implements OnApplicationBootstrap, OnModuleDestroy {
  private queues = new Map<string, ProducerQueue>();

  constructor(
    @Inject(CONFIG) private readonly config: SchedulerConfig,
    @Inject(SCHEDULER_REDIS) private readonly redis: RedisConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REPLICA_ID) private readonly replica: string,
    private readonly outbox: OutboxReconcileRepository,
    private readonly retention: RetentionRepository,
    private readonly metrics: SchedulerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.queues = openOutboxQueues({ redis: this.redis, keyspace: this.config, logger: this.logger });
  }

  async onModuleDestroy(): Promise<void> {
    await closeProducerQueues(this.queues.values());
  }

  async reconcile(signal?: AbortSignal): Promise<{ examined: number; deleted: number; batches: number }> {
    // A relay that published within the last few seconds is behind, not gone: it will get to the
    // stale rows, and publishing them from here too would add work exactly when there is least room.
    if (await this.relayIsWorking()) return { examined: 0, deleted: 0, batches: 0 };
    const started = performance.now();
    const startedAt = new Date();
    const held = await this.retention.withLock(`sesame:${RECONCILE_PURGE_NAME}`, async (runner) => {
      let published = 0;
      let batches = 0;
      for (;;) {
        const n = await this.outbox.transaction(async (m) => {
          const rows = await this.outbox.lockStale(m, BATCH, this.config.OUTBOX_STALE_MS);
          if (rows.length === 0) return 0;
          await publishOutboxRows(this.queues, rows);
          await this.outbox.markPublished(m, rows.map((r) => r.id));
          return rows.length;
        });
        batches += 1;
        published += n;
        if (n < BATCH || signal?.aborted) break;
      }
      if (published > 0) {
        this.metrics.outboxRepublished.inc(published);
        await this.retention.recordRun(runner, {
          purge: RECONCILE_PURGE_NAME, replica: this.replica, outcome: 'completed', examined: published, deleted: 0, batches,
          durationMs: Math.round(performance.now() - started), error: null, startedAt,
        });
      }
      return { examined: published, deleted: 0, batches };
    });
    return held?.value ?? { examined: 0, deleted: 0, batches: 0 };
  }

  private relayIsWorking(): Promise<boolean> {
    // Unreadable mark: reconcile (the safe side: at worst the work of a relay that was alive).
    return this.redis.exists(outboxRelayProgressKey(this.config.REDIS_PREFIX)).then((n) => n === 1, () => false);
  }
}
