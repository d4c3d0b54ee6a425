import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { RepeatOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { SchedulerConfig } from '@sesame/config';
import {
  openProducerQueue, ProducerQueue, QUEUES, RedisConnection, RETIRED_SCHEDULER_JOB_NAMES, SCHEDULER_JOB_NAMES, SCHEDULER_JOB_OPTIONS, SchedulerJobName, SchedulerJobs,
} from '@sesame/messaging';
import { CONFIG, LOGGER } from '@sesame/observability';
import { SCHEDULER_REDIS } from './redis.provider';

type Schedule = (config: SchedulerConfig) => Omit<RepeatOptions, 'key'>;

/** When each job runs; a Record, so a new job name does not compile until it has a schedule. */
const SCHEDULES: Record<SchedulerJobName, Schedule> = {
  'purge-expired-links': (c) => ({ every: c.EXPIRED_LINK_PURGE_INTERVAL_MS }),
  'purge-retained-data': (c) => ({ every: c.PURGE_INTERVAL_MS }),
  'reconcile-outbox': (c) => ({ every: c.OUTBOX_RECONCILE_INTERVAL_MS }),
};

/**
 * Registers every recurring job on boot (and again when Redis lost its data). The scheduler id is
 * the job name, so every replica upserts the same scheduler and BullMQ still produces one job per
 * tick, not one per replica.
 */
@Injectable()
export class JobSchedulesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly queue: ProducerQueue<SchedulerJobs[SchedulerJobName], unknown, SchedulerJobName>;

  constructor(
    @Inject(CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SCHEDULER_REDIS) redis: RedisConnection,
  ) {
    this.queue = openProducerQueue(QUEUES.scheduler, { redis, keyspace: config, logger });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.register();
  }

  async register(): Promise<void> {
    for (const name of RETIRED_SCHEDULER_JOB_NAMES) await this.queue.removeJobScheduler(name);
    for (const name of SCHEDULER_JOB_NAMES) {
      const repeat = SCHEDULES[name](this.config);
      await this.queue.upsertJobScheduler(name, repeat, { name, data: {}, opts: SCHEDULER_JOB_OPTIONS });
      this.logger.info({ scheduler: name, queue: QUEUES.scheduler, ...repeat }, 'job scheduler registered');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
