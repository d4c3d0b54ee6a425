import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { MailWorkerConfig } from '@sesame/config';
import { Sealer } from '@sesame/crypto';
import { LinkMessageRenderer } from '@sesame/mail-templates';
import { CONFIG, createMetricsRegistry, LOGGER, METRICS, workerHealthProviders } from '@sesame/observability';
import { PersistenceModule } from '@sesame/persistence';
import { ClaimedSendRunner } from './claims/claimed-send.runner';
import { DeliveryRepository } from './delivery.repository';
import { FaultHooks } from './fault-hooks';
import { LinkMailService } from './link-mail.service';
import { MailMetrics } from './mail.metrics';
import { MailProcessor } from './mail.processor';
import { MAIL_REDIS, mailRedisProviders } from './redis.provider';
import { RegistrationDeliveryRepository } from './registrations/registration-delivery.repository';
import { RegistrationMailService } from './registrations/registration-mail.service';
import { MessageComposer } from './message-composer';
import { TemplateTestMailService } from './template-tests/template-test-mail.service';
import { TemplateTestRepository } from './template-tests/template-test.repository';
import { TransportRegistry } from './transports/transport-registry';

/**
 * The mail-worker process. Shutdown order comes from Nest's hook phases: the worker (letting
 * running sends finish) and the health server close in onModuleDestroy, Redis quits in
 * beforeApplicationShutdown, and the DataSource is destroyed last in onApplicationShutdown.
 */
@Module({})
export class MailWorkerModule {
  static forRoot(config: MailWorkerConfig, logger: Logger): DynamicModule {
    return {
      module: MailWorkerModule,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.dbPoolSize, applicationName: 'mail-worker' }),
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS, useFactory: () => createMetricsRegistry('mail-worker') },
        { provide: Sealer, useFactory: () => new Sealer(config.TOKEN_PEPPER) },
        ...mailRedisProviders,
        // The default templates, built from the precompiled layout before the worker takes its first job.
        { provide: LinkMessageRenderer, useFactory: () => LinkMessageRenderer.create() },
        TransportRegistry,
        MessageComposer,
        MailMetrics,
        DeliveryRepository,
        FaultHooks,
        ClaimedSendRunner,
        LinkMailService,
        RegistrationDeliveryRepository,
        RegistrationMailService,
        TemplateTestRepository,
        TemplateTestMailService,
        MailProcessor,
        ...workerHealthProviders({ postgres: DataSource, redis: MAIL_REDIS }),
      ],
    };
  }
}
