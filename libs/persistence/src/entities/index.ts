import { ApiKeyEntity } from './api-key.entity';
import { AuditEventEntity } from './audit-event.entity';
import { DevMailEntity } from './dev-mail.entity';
import { ExchangeCodeEntity } from './exchange-code.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { MagicLinkEntity } from './magic-link.entity';
import { MailDeliveryEntity } from './mail-delivery.entity';
import { MailDeliveryEventEntity } from './mail-delivery-event.entity';
import { MailProviderEntity } from './mail-provider.entity';
import { MailTemplateEntity } from './mail-template.entity';
import { OutboxEntity } from './outbox.entity';
import { TenantEntity } from './tenant.entity';
import { UserEntity } from './user.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export {
  ApiKeyEntity, AuditEventEntity, DevMailEntity, ExchangeCodeEntity, IdempotencyKeyEntity, MagicLinkEntity,
  MailDeliveryEntity, OutboxEntity, TenantEntity, UserEntity, WebhookDeliveryEntity, WebhookEndpointEntity,
  MailDeliveryEventEntity, MailProviderEntity, MailTemplateEntity,
};
export type { MailDeliveryStatus } from './mail-delivery.entity';
export type { WebhookDeliveryStatus } from './webhook-delivery.entity';

export const ENTITIES = [
  TenantEntity, ApiKeyEntity, UserEntity, MagicLinkEntity, ExchangeCodeEntity, IdempotencyKeyEntity, OutboxEntity,
  MailDeliveryEntity, DevMailEntity, AuditEventEntity, WebhookEndpointEntity, WebhookDeliveryEntity,
  MailTemplateEntity, MailProviderEntity, MailDeliveryEventEntity,
];
