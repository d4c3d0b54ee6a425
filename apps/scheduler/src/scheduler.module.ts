import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { SchedulerConfig } from '@sesame/config';
import { CONFIG, createMetricsRegistry, LOGGER, METRICS, workerHealthProviders } from '@sesame/observability';
import { PersistenceModule } from '@sesame/persistence';
import { BacklogMetrics } from './backlog/backlog.metrics';
import { BacklogRepository } from './backlog/backlog.repository';
import { JobSchedulesService } from './job-schedules.service';
import { OutboxReconcileRepository } from './outbox/outbox-reconcile.repository';
import { OutboxReconcileService } from './outbox/outbox-reconcile.service';
import { RedisEpochWatcher } from './outbox/redis-epoch.watcher';
import { SCHEDULER_REDIS, schedulerRedisProviders } from './redis.provider';
import { PURGE_DEFINITIONS } from './retention/purge-definitions';
import { newReplicaId, REPLICA_ID } from './retention/replica-id';
import { PURGE_DEFINITION_LIST, RetentionService } from './retention/retention.service';
import { RetentionRepository } from './retention/retention.repository';
import { SchedulerMetrics } from './scheduler.metrics';
import { SchedulerProcessor } from './scheduler.processor';

/**
 * The scheduler process. Shutdown order comes from Nest's hook phases: the worker (letting running
 * jobs finish), the queue and the health server close in onModuleDestroy, Redis quits in
 * beforeApplicationShutdown, and the DataSource is destroyed last in onApplicationShutdown.
 */
@Module({})
export class SchedulerModule {
  static forRoot(config: SchedulerConfig, logger: Logger): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE, applicationName: 'scheduler' }),
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS, useFactory: () => createMetricsRegistry('scheduler') },
        ...schedulerRedisProviders,
        SchedulerMetrics,
        BacklogRepository,
        BacklogMetrics,
        { provide: REPLICA_ID, useFactory: newReplicaId },
        { provide: PURGE_DEFINITION_LIST, useValue: PURGE_DEFINITIONS },
        RetentionRepository,
        RetentionService,
        OutboxReconcileRepository,
        OutboxReconcileService,
        JobSchedulesService,
        RedisEpochWatcher,
        SchedulerProcessor,
        ...workerHealthProviders({ postgres: DataSource, redis: SCHEDULER_REDIS }),
      ],
    };
  }
}
