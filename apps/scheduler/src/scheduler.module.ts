import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { SchedulerConfig } from '@sesame/config';
import { CONFIG, createMetricsRegistry, LOGGER, METRICS } from '@sesame/observability';
import { PersistenceModule } from '@sesame/persistence';
import { HealthService } from './health.service';
import { JobSchedulesService } from './job-schedules.service';
import { PurgeRepository } from './purge.repository';
import { PurgeService } from './purge.service';
import { schedulerRedisProvider, SchedulerRedisCloser } from './redis.provider';
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
        schedulerRedisProvider,
        SchedulerRedisCloser,
        SchedulerMetrics,
        PurgeRepository,
        PurgeService,
        JobSchedulesService,
        SchedulerProcessor,
        HealthService,
      ],
    };
  }
}
