import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { TokenServiceConfig } from '@sesame/config';
import {
  closeProducerQueues, createRedis, ExpiringMark, OUTBOX_RELAY_PROGRESS_MS, openOutboxQueues, outboxRelayProgressKey, ProducerQueue, publishOutboxRows, TenantFairness,
} from '@sesame/messaging';
import { CONFIG, describeError, LOGGER } from '@sesame/observability';
import { OutboxRepository } from './outbox.repository';

/**
 * Publishes committed outbox rows to BullMQ. Woken by LISTEN/NOTIFY on commit, with a poll as a
 * fallback (missed notifications, reconnects, a Redis that came back). jobId = `ob-<outbox id>`
 * (BullMQ refuses integer ids), so republishing a row after a crash enqueues nothing twice.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private queues = new Map<string, ProducerQueue>();
  private readonly fairness: TenantFairness;
  private connection: ReturnType<typeof createRedis> | null = null;
  private listener: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private progress: ExpiringMark | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(CONFIG) private readonly config: TokenServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
  ) {
    this.fairness = new TenantFairness(config.OUTBOX_TENANT_FAIR_RATE);
  }

  onApplicationBootstrap(): void {
    const connection = (this.connection = createRedis(this.config.REDIS_URL, { name: 'token-service:relay', logger: this.logger }));
    // Tells the scheduler's reconciliation that this relay is working (renewed at most once a second).
    this.progress = new ExpiringMark(connection, outboxRelayProgressKey(this.config.REDIS_PREFIX), OUTBOX_RELAY_PROGRESS_MS, 1000,
      (err) => this.logger.debug({ err: describeError(err) }, 'outbox relay: progress mark not written'));
    this.queues = openOutboxQueues({ redis: connection, keyspace: this.config, logger: this.logger });
    void this.listen();
    this.timer = setInterval(() => this.wake(), this.config.OUTBOX_POLL_MS);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    await this.listener?.end().catch(() => undefined);
    await closeProducerQueues(this.queues.values());
    // BullMQ never closes a connection it was given (shared), so the relay closes its own.
    await this.connection?.quit().catch(() => undefined);
  }

  /** Coalesces wake-ups: at most one drain runs, and one more follows if woken meanwhile. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err) => this.logger.warn({ err: describeError(err) }, 'outbox relay drain failed; will retry'))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    const batch = this.config.OUTBOX_BATCH_SIZE;
    for (;;) {
      const published = await this.outbox.transaction(async (m) => {
        const rows = await this.outbox.lockBatch(m, batch);
        if (rows.length === 0) return 0;
        await publishOutboxRows(this.queues, rows, this.fairness);
        await this.outbox.markPublished(m, rows.map((r) => r.id));
        return rows.length;
      });
      if (published > 0) this.progress?.renew();
      if (published < batch || this.stopped) return;
    }
  }


  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'token-service:outbox-listen' });
    client.on('notification', () => this.wake());
    client.on('error', (err) => {
      this.logger.warn({ err: describeError(err) }, 'outbox LISTEN connection lost; reconnecting');
      this.listener = null;
      setTimeout(() => void this.listen(), 1000);
    });
    try {
      await client.connect();
      await client.query('LISTEN sesame_outbox');
      this.listener = client;
    } catch (err) {
      this.logger.warn({ err: describeError(err) }, 'outbox LISTEN failed; polling until it succeeds');
      await client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), 1000);
    }
  }
}
