import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { TokenServiceConfig } from '@sesame/config';
import { CONFIG, createMetricsRegistry, LOGGER, METRICS } from '@sesame/observability';
import { PersistenceModule } from '@sesame/persistence';
import { Resolver, systemResolver } from '@sesame/webhooks';
import { AccountRpcController } from './accounts/account-rpc.controller';
import { ACCOUNT_PROVIDERS } from './accounts/accounts.providers';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { CONSOLE_CONTROLLERS, CONSOLE_PROVIDERS } from './console/console.providers';
import { CompatRpcController } from './compat/compat-rpc.controller';
import { PassageLinkService } from './compat/passage-link.service';
import { ApiKeyService } from './api-keys/api-key.service';
import { AuditQueryRepository } from './audit/audit-query.repository';
import { AuditService } from './audit/audit.service';
import { DeliveryEventRepository } from './delivery-events/delivery-event.repository';
import { DeliveryEventsRpcController } from './delivery-events/delivery-events.rpc-controller';
import { SendGridEventsService } from './delivery-events/sendgrid-events.service';
import { SendGridSignatureVerifier } from './delivery-events/sendgrid-signature.verifier';
import { DevMailboxService } from './dev-mailbox/dev-mailbox.service';
import { ExchangeCodeRepository } from './links/exchange-code.repository';
import { IdempotencyRepository } from './links/idempotency.repository';
import { LinkConsumeRepository } from './links/link-consume.repository';
import { LinkCreateRepository } from './links/link-create.repository';
import { LinkDeliveryRepository } from './links/link-delivery.repository';
import { LinkListService } from './links/link-list.service';
import { LinkQueryRepository } from './links/link-query.repository';
import { LinkRevokeRepository } from './links/link-revoke.repository';
import { LinkService } from './links/link.service';
import { VerificationService } from './links/verification.service';
import { LazyLinkMessageRenderer } from './mail-templates/link-message-renderer.provider';
import { MailTemplateRepository } from './mail-templates/mail-template.repository';
import { MailTemplateService } from './mail-templates/mail-template.service';
import { MailTemplatesRpcController } from './mail-templates/mail-templates.rpc-controller';
import { TemplateTestSendRepository } from './mail-templates/template-test-send.repository';
import { TemplateTestSendService } from './mail-templates/template-test-send.service';
import { METRIC_PROVIDERS } from './metrics.providers';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { OutboxRepository } from './outbox/outbox.repository';
import { PolicyService } from './policy/policy.service';
import { MailProviderRepository } from './providers/mail-provider.repository';
import { MailProviderService } from './providers/mail-provider.service';
import { ProvidersRpcController } from './providers/providers.rpc-controller';
import { RetentionRunsRepository } from './retention/retention-runs.repository';
import { RetentionController } from './retention/retention.controller';
import { RpcController } from './rpc.controller';
import { LinkRequestRepository } from './sign-in/link-request.repository';
import { RequestBinding } from './sign-in/request-binding';
import { SignInService } from './sign-in/sign-in.service';
import { CRYPTO_PROVIDERS } from './shared/crypto.providers';
import { TenantCache } from './shared/tenant-cache';
import { TenantRepository } from './tenants/tenant.repository';
import { TenantAdminController } from './tenant-admin.controller';
import { TenantService } from './tenants/tenant.service';
import { TenantActivityRepository } from './tenants/tenant-activity.repository';
import { TenantsRpcController } from './tenants/tenants.rpc-controller';
import { ApiKeysRpcController } from './api-keys/api-keys.rpc-controller';
import { UserRepository } from './users/user.repository';
import { UserService } from './users/user.service';
import { WebhookDeliveryLogService } from './webhook-endpoints/webhook-delivery-log.service';
import { WebhookEndpointRepository } from './webhook-endpoints/webhook-endpoint.repository';
import { WebhookEndpointService } from './webhook-endpoints/webhook-endpoint.service';
import { WebhookEndpointsRpcController } from './webhook-endpoints/webhook-endpoints.rpc-controller';
import { WEBHOOK_RESOLVER, WebhookTargetValidator } from './webhook-endpoints/webhook-target.validator';

@Module({})
export class TokenServiceModule {
  /** `resolver`: how webhook host names are resolved for the SSRF check at registration (tests give their own). */
  static forRoot(config: TokenServiceConfig, logger: Logger, resolver: Resolver = systemResolver): DynamicModule {
    return {
      module: TokenServiceModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE, applicationName: 'token-service', acquireTimeoutMs: config.DB_ACQUIRE_TIMEOUT_MS,
        }),
      ],
      controllers: [
        RpcController, TenantAdminController, AccountRpcController, CompatRpcController, RetentionController, WebhookEndpointsRpcController,
        DeliveryEventsRpcController,
        ProvidersRpcController, MailTemplatesRpcController, ApiKeysRpcController, TenantsRpcController,
        ...CONSOLE_CONTROLLERS,
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS, useValue: createMetricsRegistry('token-service') },
        ...METRIC_PROVIDERS,
        ...CRYPTO_PROVIDERS,
        TenantCache,
        TenantRepository, TenantActivityRepository, TenantService, PolicyService,
        UserRepository, UserService,
        AuditQueryRepository, AuditService,
        ApiKeyRepository, ApiKeyService,
        LinkCreateRepository, LinkQueryRepository, LinkRevokeRepository, LinkConsumeRepository, ExchangeCodeRepository, IdempotencyRepository,
        LinkDeliveryRepository,
        LinkService, LinkListService, VerificationService,
        { provide: WEBHOOK_RESOLVER, useValue: resolver },
        WebhookTargetValidator, WebhookEndpointRepository, WebhookEndpointService, WebhookDeliveryLogService, DevMailboxService,
        OutboxRepository, OutboxRelayService,
        LinkRequestRepository, RequestBinding, SignInService,
        RetentionRunsRepository,
        ...ACCOUNT_PROVIDERS,
        PassageLinkService,
        SendGridSignatureVerifier, DeliveryEventRepository, SendGridEventsService,
        MailProviderRepository, MailProviderService,
        LazyLinkMessageRenderer, MailTemplateRepository, MailTemplateService, TemplateTestSendRepository, TemplateTestSendService,
        ...CONSOLE_PROVIDERS,
      ],
    };
  }
}
