import { MigrationInterface } from 'typeorm';
import { InitialSchema1795000000000 } from './1795000000000-InitialSchema';
import { OutboxNotify1795000000001 } from './1795000000001-OutboxNotify';
import { TenantPolicy1795000001000 } from './1795000001000-TenantPolicy';
import { UsersAndAudit1795000001100 } from './1795000001100-UsersAndAudit';
import { LinkDeliveryFields1795000002000 } from './1795000002000-LinkDeliveryFields';
import { MailTemplatesProvidersEvents1795000002100 } from './1795000002100-MailTemplatesProvidersEvents';
import { WebhookEndpointLifecycle1795000003000 } from './1795000003000-WebhookEndpointLifecycle';
import { Retention1795000004000 } from './1795000004000-Retention';
import { LinkRequests1795000005000 } from './1795000005000-LinkRequests';
import { AccountsAndFlows1795000006000 } from './1795000006000-AccountsAndFlows';
import { VerifiedPhone1795000006100 } from './1795000006100-VerifiedPhone';
import { RegistrationLinkCompleted1795000006200 } from './1795000006200-RegistrationLinkCompleted';
import { TemplateTestSends1795000007000 } from './1795000007000-TemplateTestSends';
import { DevMailboxChannel1795000007300 } from './1795000007300-DevMailboxChannel';
import { OutboxNotifyOnInsertedRows1795000007301 } from './1795000007301-OutboxNotifyOnInsertedRows';
import { SendClaimJobFence1795000015000 } from './1795000015000-SendClaimJobFence';
import { KeyAndTenantLifecycle1795000017000 } from './1795000017000-KeyAndTenantLifecycle';
import { ConsoleUsers1795000017500 } from './1795000017500-ConsoleUsers';
import { UsersPhoneOnly1795000018000 } from './1795000018000-UsersPhoneOnly';
import { RegistrationContextData1795000018100 } from './1795000018100-RegistrationContextData';
import { LinkConsumedFromConstants1795000019000 } from './1795000019000-LinkConsumedFromConstants';

/** Every migration, in order. Ordered by timestamp (each issue owns a range); never edit one that has shipped. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialSchema1795000000000, OutboxNotify1795000000001, TenantPolicy1795000001000, UsersAndAudit1795000001100,
  LinkDeliveryFields1795000002000, MailTemplatesProvidersEvents1795000002100, WebhookEndpointLifecycle1795000003000,
  Retention1795000004000, LinkRequests1795000005000, AccountsAndFlows1795000006000, VerifiedPhone1795000006100,
  RegistrationLinkCompleted1795000006200, TemplateTestSends1795000007000, DevMailboxChannel1795000007300,
  OutboxNotifyOnInsertedRows1795000007301, SendClaimJobFence1795000015000, KeyAndTenantLifecycle1795000017000, ConsoleUsers1795000017500, UsersPhoneOnly1795000018000, RegistrationContextData1795000018100,
  LinkConsumedFromConstants1795000019000,
];
