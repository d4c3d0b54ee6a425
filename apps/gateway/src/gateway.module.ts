import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import { GatewayConfig } from '@sesame/config';
import { TokenHasher } from '@sesame/crypto';
import { CONFIG, createMetricsRegistry, LOGGER, METRICS } from '@sesame/observability';
import { ApiKeyCache } from './auth/api-key-cache';
import { ApiKeyGuard } from './auth/api-key.guard';
import { CacheInvalidation } from './auth/cache-invalidation';
import { ConsoleAuth } from './console/console-auth';
import { ConsoleAuthController } from './console/console-auth.controller';
import { ConsoleSessions } from './console/console-sessions.service';
import { ConsoleUsersController, TenantConsoleUsersController } from './console/console-users.controller';
import { StatsController } from './console/stats.controller';
import { AuthArmorRegistrationController } from './compat/autharmor/autharmor-registration.controller';
import { EntrustMagicLinkController } from './compat/entrust/entrust-magic-link.controller';
import { PassageMagicLinkController } from './compat/passage/passage-magic-link.controller';
import { DevMailboxController } from './dev/dev-mailbox.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { ErrorFilter } from './http/error.filter';
import { InputSafetyGuard } from './http/input-safety.guard';
import { RpcClient } from './http/rpc.client';
import { ShutdownDrain } from './http/shutdown-drain';
import { HostedLinkController } from './pages/hosted-link.controller';
import { SignInLinkFlow } from './pages/sign-in-link.flow';
import { PageContexts } from './pages/page-context';
import { PageAssetsController } from './pages/page-assets.controller';
import { SignInRequestPageController } from './pages/sign-in-request-page.controller';
import { PublicSignInController } from './public/public-sign-in.controller';
import { SignInRequests } from './public/sign-in-requests.service';
import { TenantDirectory } from './public/tenant-directory';
import { RateLimitRedisCloser, rateLimitRedisProvider } from './rate-limits/rate-limit.redis';
import { RateLimiter } from './rate-limits/rate-limiter.service';
import { SignInLimits } from './rate-limits/sign-in-limits.service';
import { VerificationLockout } from './rate-limits/verification-lockout.service';
import { RateLimitsController } from './v1/rate-limits.controller';
import { PasswordResetPageController } from './pages/password-reset-page.controller';
import { ApiKeysController } from './v1/api-keys.controller';
import { TenantsController } from './v1/tenants.controller';
import { AppSignInPageController } from './pages/app-sign-in-page.controller';
import { SelfServicePageController } from './pages/self-service-page.controller';
import { ApplicationsController } from './v1/applications.controller';
import { AuthFlowsController } from './v1/auth-flows.controller';
import { PasswordResetsController } from './v1/password-resets.controller';
import { RegistrationsController } from './v1/registrations.controller';
import { UserPasswordController } from './v1/user-password.controller';
import { AuditEventsController } from './v1/audit-events.controller';
import { MagicLinksController } from './v1/magic-links.controller';
import { PolicyController } from './v1/policy.controller';
import { ProvidersController } from './v1/providers.controller';
import { RetentionController } from './v1/retention.controller';
import { SendGridEventsController } from './v1/sendgrid-events.controller';
import { TemplatesController } from './v1/templates.controller';
import { UsersController } from './v1/users.controller';
import { WebhookEndpointsController } from './v1/webhook-endpoints.controller';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [
        HealthController, TenantsController, ApiKeysController, MagicLinksController, PolicyController, UsersController, AuditEventsController, WebhookEndpointsController,
        EntrustMagicLinkController, HostedLinkController, PublicSignInController, RateLimitsController, SignInRequestPageController,
        ApplicationsController, AuthFlowsController, UserPasswordController, PasswordResetsController, PasswordResetPageController,
        RetentionController, RegistrationsController, AuthArmorRegistrationController, PassageMagicLinkController,
        ProvidersController, SendGridEventsController,
        TemplatesController, PageAssetsController, SelfServicePageController, AppSignInPageController,
        ConsoleAuthController, ConsoleUsersController, TenantConsoleUsersController, StatsController,
        ...(config.isProduction ? [] : [DevMailboxController]),
        ...(config.metricsPort === null ? [MetricsController] : []),
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: METRICS, useValue: createMetricsRegistry('gateway') },
        RpcClient,
        ShutdownDrain,
        ApiKeyCache, CacheInvalidation, ConsoleSessions, ConsoleAuth,
        { provide: TokenHasher, useValue: new TokenHasher(config.TOKEN_PEPPER) },
        rateLimitRedisProvider, RateLimitRedisCloser, RateLimiter, SignInLimits, VerificationLockout, TenantDirectory, SignInRequests, SignInLinkFlow, PageContexts,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        // After the API key: an anonymous caller learns nothing about its body before a 401.
        { provide: APP_GUARD, useClass: InputSafetyGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
