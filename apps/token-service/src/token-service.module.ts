import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { TokenServiceConfig } from '@sesame/config';
import { createMetricsRegistry } from '@sesame/observability';
import { PersistenceModule } from '@sesame/persistence';
import { Resolver, systemResolver } from '@sesame/webhooks';
import { AccountsModule } from './accounts/accounts.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { CompatModule } from './compat/compat.module';
import { ConsoleModule } from './console/console.module';
import { DeliveryEventsModule } from './delivery-events/delivery-events.module';
import { DevMailboxModule } from './dev-mailbox/dev-mailbox.module';
import { LinkRequestsModule } from './link-requests/link-requests.module';
import { LinksModule } from './links/links.module';
import { MailTemplatesModule } from './mail-templates/mail-templates.module';
import { OutboxModule } from './outbox/outbox.module';
import { PolicyModule } from './policy/policy.module';
import { ProvidersModule } from './providers/providers.module';
import { RetentionModule } from './retention/retention.module';
import { SharedModule } from './shared/shared.module';
import { SignInModule } from './sign-in/sign-in.module';
import { TenantsModule } from './tenants/tenants.module';
import { UsersModule } from './users/users.module';
import { WebhookEndpointsModule } from './webhook-endpoints/webhook-endpoints.module';

/**
 * token-service: one Nest module per feature folder, each with the rpc controller of its patterns
 * (`links.*` in links/, `users.*` in users/…). docs/architecture.md has the map.
 */
@Module({})
export class TokenServiceModule {
  /**
   * `resolver`: how webhook host names are resolved for the SSRF check at registration (tests give
   * their own). `metrics`: the process registry, shared with the RPC transport that counts requests.
   */
  static forRoot(config: TokenServiceConfig, logger: Logger, resolver: Resolver = systemResolver, metrics: Registry = createMetricsRegistry('token-service')): DynamicModule {
    return {
      module: TokenServiceModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE, applicationName: 'token-service', acquireTimeoutMs: config.DB_ACQUIRE_TIMEOUT_MS,
        }),
        SharedModule.forRoot(config, logger, metrics),
        ApiKeysModule, TenantsModule, PolicyModule, UsersModule, AuditModule,
        LinkRequestsModule, LinksModule, SignInModule, AccountsModule, CompatModule,
        WebhookEndpointsModule.forRoot(resolver), DeliveryEventsModule, ProvidersModule, MailTemplatesModule,
        DevMailboxModule, RetentionModule, OutboxModule, ConsoleModule,
      ],
    };
  }
}
