import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { SchedulerConfig } from '@sesame/config';
import { CONFIG, describeError, LOGGER } from '@sesame/observability';
import { JobSchedulesService } from '../job-schedules.service';
import { SCHEDULER_REDIS } from '../redis.provider';
import { RetentionRepository } from '../retention/retention.repository';
import { SchedulerMetrics } from '../scheduler.metrics';
import { OutboxReconcileRepository } from './outbox-reconcile.repository';
import type { RedisConnection } from '@sesame/messaging';

const REPLAY_BATCH = 5000;

/** The key whose absence tells that Redis lost its data (restart without persistence, FLUSHALL). */
export const redisEpochKey = (prefix: string) => `${prefix}:redis-epoch`;

/**
 * Notices that Redis lost its data and makes up for it. Every REDIS_WATCH_MS each replica checks
 * the epoch marker key; when it is gone:
 * 1. every replica upserts its job schedulers again (they lived in Redis too);
 * 2. one replica (advisory lock) waits for in-flight relay batches, marks every outbox row published
 *    in the last OUTBOX_REPLAY_WINDOW_MINUTES unpublished again, wakes the relays, and only then
 *    writes the marker: a crash before that replays again, never less.
 * Jobs already done are harmless to replay: consumers check the database (a delivery already sent
 * is not claimed again; a webhook event already fanned out inserts no second delivery).
 */
@Injectable()
export class RedisEpochWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    @Inject(CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SCHEDULER_REDIS) private readonly redis: RedisConnection,
    private readonly schedules: JobSchedulesService,
    private readonly outbox: OutboxReconcileRepository,
    private readonly retention: RetentionRepository,
    private readonly metrics: SchedulerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.REDIS_WATCH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
  }

  private async tick(): Promise<void> {
    if (this.checking) return;
    this.checking = this.check()
      .then(() => undefined)
      .catch((err) => this.logger.warn({ err: describeError(err) }, 'redis epoch check failed; will retry'))
      .finally(() => (this.checking = undefined));
    await this.checking;
  }

  /** One check; returns how many outbox rows it replayed (null: the marker was there). */
  async check(): Promise<number | null> {
    const key = redisEpochKey(this.config.REDIS_PREFIX);
    if ((await this.redis.exists(key)) === 1) return null;
    this.metrics.redisDataLoss.inc();
    await this.schedules.register();
    const held = await this.retention.withLock('sesame:redis-epoch', async () => {
      if ((await this.redis.exists(key)) === 1) return 0; // another replica has just replayed
      const until = await this.outbox.waitForInFlightPublishes();
      const from = new Date(until.getTime() - this.config.OUTBOX_REPLAY_WINDOW_MINUTES * 60_000);
      let replayed = 0;
      for (;;) {
        const n = await this.outbox.unpublishBatch(from, until, REPLAY_BATCH);
        replayed += n;
        if (n < REPLAY_BATCH) break;
      }
      await this.outbox.notifyRelays();
      await this.redis.set(key, JSON.stringify({ since: until.toISOString() }));
      this.logger.warn(
        { replayed, windowMinutes: this.config.OUTBOX_REPLAY_WINDOW_MINUTES },
        'Redis had no epoch marker (first start, restart without persistence or FLUSHALL): outbox rows published again',
      );
      return replayed;
    });
    return held?.value ?? 0;
  }
}
