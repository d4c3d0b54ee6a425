import type { DeliveryChannel, LinkType } from '@sesame/domain';
import type { ClaimedSend } from './claims/send-store';
import type { MessageTemplates } from '@sesame/mail-templates';

/** The tenant's own transport for the delivery's channel (PUT /v1/providers/{channel}); null: the deployment's. */
export interface TenantProvider {
  kind: string;
  settings: Record<string, unknown>;
  sealedCredentials: Buffer | null;
  updatedAt: Date;
}

/** A delivery this worker now holds ('sending'), with everything needed to render and send it. */
export interface ClaimedDelivery extends ClaimedSend {
  linkId: string;
  userId: string;
  channel: DeliveryChannel;
  /** An email address, or an E.164 number for sms. */
  toAddress: string;
  sealedToken: Buffer | null;
  /** The link answers a sign-in request: the message carries its 6-digit fallback code. */
  hasCode: boolean;
  type: LinkType;
  /** Request language (already a supported one or null), then the user's, then the tenant default. */
  language: string | null;
  userLanguage: string | null;
  defaultLanguage: string | null;
  actionName: string | null;
  shortMessage: string | null;
  expiresAt: Date;
  consumedAt: Date | null;
  revokedAt: Date | null;
  /** `active` or `disabled`: a disabled user's link is not sent. */
  userStatus: string;
  /** From the tenant policy (`app` and `branding` sections). */
  appName: string;
  senderAddress: string | null;
  branding: Record<string, unknown> | null;
  /** The tenant's template overrides of this link type, by language. */
  overrides: Record<string, MessageTemplates> | null;
  provider: TenantProvider | null;
}

/**
 * The tenant's own transport for a channel, as the jsonb column a claim statement returns (read it
 * with `tenantProviderOf`); null when the tenant uses the deployment's.
 */
export const tenantProviderSql = (tenantId: string, channel: string): string => `(
  SELECT jsonb_build_object('kind', p.kind, 'settings', p.settings, 'credentials', encode(p.sealed_credentials, 'base64'), 'updated_at', p.updated_at)
  FROM mail_providers p WHERE p.tenant_id = ${tenantId} AND p.channel = ${channel})`;

/** The tenant's transport as a claim statement reads it (jsonb, credentials base64). */
export type ProviderColumn = { kind: string; settings: Record<string, unknown>; credentials: string | null; updated_at: string } | null;

export function tenantProviderOf(p: ProviderColumn): TenantProvider | null {
  return p && {
    kind: p.kind,
    settings: p.settings,
    sealedCredentials: p.credentials ? Buffer.from(p.credentials, 'base64') : null,
    updatedAt: new Date(p.updated_at),
  };
}
