import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { WebhookDispatcherConfig } from '@sesame/config';
import { Sealer } from '@sesame/crypto';
import { CONFIG, createMetricsRegistry, LOGGER, METRICS, workerHealthProviders } from '@sesame/observability';
import { PersistenceModule } from '@sesame/persistence';
import { Resolver, SsrfGuard, systemResolver } from '@sesame/webhooks';
import { deliveryOptionProviders } from './delivery-options';
import { EndpointSlots } from './endpoint-slots';
import { DISPATCHER_REDIS, redisProviders } from './redis.provider';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookFanOutService } from './webhook-fan-out.service';
import { WebhookSender } from './webhook-sender';
import { WebhookMetrics } from './webhook.metrics';
import { WebhooksProcessor } from './webhooks.processor';

/**
 * The webhook-dispatcher process. Shutdown order comes from Nest's hook phases: the worker (letting
 * running jobs finish) and the health server close in onModuleDestroy, the queue and Redis in
 * beforeApplicationShutdown, and the DataSource last in onApplicationShutdown.
 */
@Module({})
export class WebhookDispatcherModule {
  /** `resolver`: how host names are resolved for the SSRF guard (tests give their own). */
  static forRoot(config: WebhookDispatcherConfig, logger: Logger, resolver: Resolver = systemResolver): DynamicModule {
    return {
      module: WebhookDispatcherModule,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE, applicationName: 'webhook-dispatcher' }),
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS, useFactory: () => createMetricsRegistry('webhook-dispatcher') },
        { provide: Sealer, useFactory: () => new Sealer(config.TOKEN_PEPPER) },
        {
          provide: WebhookSender,
          useFactory: () =>
            new WebhookSender(new SsrfGuard(config.WEBHOOK_ALLOWED_TARGETS, resolver), config.WEBHOOK_TIMEOUT_MS, config.WEBHOOK_ENDPOINT_CONCURRENCY),
        },
        ...redisProviders,
        ...deliveryOptionProviders,
        { provide: EndpointSlots, useFactory: () => new EndpointSlots(config.WEBHOOK_ENDPOINT_CONCURRENCY) },
        WebhookMetrics,
        WebhookDeliveryRepository,
        WebhookFanOutService,
        WebhookDeliveryService,
        WebhooksProcessor,
        ...workerHealthProviders({ postgres: DataSource, redis: DISPATCHER_REDIS }),
      ],
    };
  }
}
