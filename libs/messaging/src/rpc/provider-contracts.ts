import type { DeliveryChannel } from '@sesame/domain';
import type { Actor } from './rpc-contracts';

/**
 * RPC patterns and shapes of a tenant's transports (`/v1/providers`): which provider sends its
 * email and its text messages. Credentials go in and are sealed; no response ever carries them.
 */
export const PROVIDER_RPC = {
  providersList: 'providers.list',
  providersGet: 'providers.get',
  providersPut: 'providers.put',
  providersDelete: 'providers.delete',
} as const;

export interface ProviderView {
  channel: DeliveryChannel;
  /**
   * The tenant's kind (`sendgrid`, `smtp`, `outbox`, `twilio`); null when the deployment's default
   * applies (MAIL_TRANSPORT / SMS_TRANSPORT of the mail-worker, which token-service does not see).
   */
  kind: string | null;
  /** Non-secret settings (host, port, account_sid, …). */
  settings: Record<string, unknown>;
  /** Names of the stored credentials (`api_key`, `password`, `auth_token`), never their values. */
  credentials_set: string[];
  source: 'tenant' | 'deployment';
  /** null for the deployment default. */
  updated_at: string | null;
}

export interface ListProvidersRequest {
  tenantId: string;
}
export interface ListProvidersResponse {
  /** One entry per channel (email, sms). */
  data: ProviderView[];
}

export interface ProviderRef {
  tenantId: string;
  channel: string;
}

/**
 * Replaces the channel's provider. With the kind unchanged and `credentials` absent, the stored
 * credentials are kept, so settings can change without sending secrets again.
 */
export interface PutProviderRequest extends ProviderRef {
  kind: unknown;
  settings?: unknown;
  credentials?: unknown;
  actor: Actor;
}

export interface DeleteProviderRequest extends ProviderRef {
  actor: Actor;
}
