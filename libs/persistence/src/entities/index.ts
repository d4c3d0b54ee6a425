import { ApiKeyEntity } from './api-key.entity';
import { ApplicationEntity } from './application.entity';
import { AuthFlowEntity } from './auth-flow.entity';
import { PasswordResetGrantEntity } from './password-reset-grant.entity';
import { RegistrationEntity } from './registration.entity';
import { AuditEventEntity } from './audit-event.entity';
import { ConsoleUserEntity } from './console-user.entity';
import { DevMailEntity } from './dev-mail.entity';
import { ExchangeCodeEntity } from './exchange-code.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { LinkRequestEntity } from './link-request.entity';
import { MagicLinkEntity } from './magic-link.entity';
import { MailDeliveryEntity } from './mail-delivery.entity';
import { MailDeliveryEventEntity } from './mail-delivery-event.entity';
import { MailProviderEntity } from './mail-provider.entity';
import { MailTemplateEntity } from './mail-template.entity';
import { OperatorAuditEventEntity } from './operator-audit-event.entity';
import { OutboxEntity } from './outbox.entity';
import { RetentionRunEntity } from './retention-run.entity';
import { TemplateTestSendEntity } from './template-test-send.entity';
import { TenantEntity } from './tenant.entity';
import { UserEntity } from './user.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export {
  ApiKeyEntity, AuditEventEntity, DevMailEntity, ExchangeCodeEntity, IdempotencyKeyEntity, LinkRequestEntity, MagicLinkEntity,
  MailDeliveryEntity, OutboxEntity, RetentionRunEntity, TenantEntity, UserEntity, WebhookDeliveryEntity, WebhookEndpointEntity,
  MailDeliveryEventEntity, MailProviderEntity, MailTemplateEntity, TemplateTestSendEntity, OperatorAuditEventEntity,
};
export { ConsoleUserEntity };
export type { ConsoleRole } from './console-user.entity';
export { ApplicationEntity, AuthFlowEntity, PasswordResetGrantEntity, RegistrationEntity };
export type { LinkRequestState } from './link-request.entity';
export type { MailDeliveryStatus } from './mail-delivery.entity';
export type { TemplateTestSendStatus } from './template-test-send.entity';
export type { WebhookDeliveryStatus } from './webhook-delivery.entity';

export const ENTITIES = [
  TenantEntity, ApiKeyEntity, UserEntity, MagicLinkEntity, ExchangeCodeEntity, IdempotencyKeyEntity, OutboxEntity,
  MailDeliveryEntity, DevMailEntity, AuditEventEntity, WebhookEndpointEntity, WebhookDeliveryEntity,
  MailTemplateEntity, MailProviderEntity, MailDeliveryEventEntity,
  ApplicationEntity, AuthFlowEntity, PasswordResetGrantEntity, RegistrationEntity, RetentionRunEntity, LinkRequestEntity,
  TemplateTestSendEntity, OperatorAuditEventEntity, ConsoleUserEntity,
];
