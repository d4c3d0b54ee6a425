import type { ContextData, DeliveryChannel, ErrorCode, GrantableScope, LinkStatus, LinkType, RedirectSurface } from '@sesame/domain';

/**
 * RPC patterns between gateway and token-service, and their request/response shapes.
 * Writes carry `requestId` (generated once by the gateway) so a redelivered request is applied once.
 */
export const RPC = {
  tenantsCreate: 'tenants.create',
  apiKeysCreate: 'api-keys.create',
  apiKeysResolve: 'api-keys.resolve',
  linksCreate: 'links.create',
  linksGet: 'links.get',
  linksList: 'links.list',
  linksRevoke: 'links.revoke',
  linksAuthenticate: 'links.authenticate',
  linksPeek: 'links.peek',
  linksConsume: 'links.consume',
  linksExchange: 'links.exchange',
  linksLatestForUser: 'links.latest-for-user',
  linksRevokeForUser: 'links.revoke-for-user',
  policyGet: 'policy.get',
  policyUpdate: 'policy.update',
  usersCreate: 'users.create',
  usersGet: 'users.get',
  usersList: 'users.list',
  usersUpdate: 'users.update',
  usersDelete: 'users.delete',
  auditList: 'audit.list',
  webhookEndpointsCreate: 'webhook-endpoints.create',
  webhookEndpointsList: 'webhook-endpoints.list',
  webhookEndpointsGet: 'webhook-endpoints.get',
  webhookEndpointsUpdate: 'webhook-endpoints.update',
  webhookEndpointsDelete: 'webhook-endpoints.delete',
  webhookEndpointsRotateSecret: 'webhook-endpoints.rotate-secret',
  webhookEndpointsTest: 'webhook-endpoints.test',
  webhookDeliveriesList: 'webhook-deliveries.list',
  webhookDeliveriesReplay: 'webhook-deliveries.replay',
  devMailboxList: 'dev-mailbox.list',
  devMailboxGet: 'dev-mailbox.get',
  tenantsPublic: 'tenants.public',
  signInRequest: 'sign-in.request',
  signInStatus: 'sign-in.status',
  signInCode: 'sign-in.code',
  linksCheckBinding: 'links.check-binding',
  retentionRunsList: 'retention.runs.list',
} as const;

/** Who made the request, for audit events. */
export interface Actor {
  apiKeyId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Set when a console user acted through a console session (apiKeyId is then null). */
  consoleUserId?: string | null;
}

export interface CreateTenantRequest {
  requestId: string;
  name: string;
  appOrigin: string;
  allowedRedirectUrls?: string[];
}
export interface CreateTenantResponse {
  id: string;
  slug: string;
  name: string;
  api_key: string;
}

export interface CreateApiKeyRequest {
  requestId: string;
  tenantId: string;
  name: string;
  scopes: GrantableScope[];
  /** ISO 8601; the key is refused (401 `api_key_expired`) from then on. */
  expiresAt?: string;
  actor: Actor;
}
export interface ApiKeyView {
  id: string;
  name: string;
  /** As granted: Sesame scopes and Entrust permission names (which map onto them). */
  scopes: GrantableScope[];
  created_at: string;
  expires_at: string | null;
}
export interface CreateApiKeyResponse extends ApiKeyView {
  /** Shown once; its first characters are the key's `prefix`. */
  key: string;
  prefix: string;
}

/**
 * The gateway hashes the presented key and asks for its owner; null when unknown or revoked. An
 * expired key, or one of a disabled tenant, is returned so the gateway can say why it refuses it.
 */
export interface ResolveApiKeyRequest {
  keyHash: string;
}
export interface ResolvedApiKey {
  id: string;
  tenantId: string;
  scopes: GrantableScope[];
  /** Epoch milliseconds; null when the key does not expire. */
  expiresAt: number | null;
  tenantDisabled: boolean;
}

export interface CreateLinkRequest {
  requestId: string;
  tenantId: string;
  idempotencyKey?: string;
  actor: Actor;
  userId?: string;
  email?: string;
  type: LinkType;
  redirectUrl?: string;
  ttlSeconds?: number;
  send: boolean;
  language?: string;
  contextData?: ContextData;
  ipAddress?: string;
  userAgent?: string;
  /**
   * Send to this address instead of the user's magic-link address; it must be one of the user's
   * addresses (email, magic_link_email, or the policy's email attribute). Needs userId and send.
   */
  deliverTo?: string;
  /** `email` (default) or `sms`: an sms goes to `phone`, else the user's phone (Passage `channel: phone`). */
  channel?: DeliveryChannel;
  /**
   * E.164. With channel sms, the number to text. Alone (no user_id, no email) it identifies the
   * existing user with this phone.
   */
  phone?: string;
  /** Auth Armor `action_name`: the subject becomes "<action_name> at <app name>". */
  actionName?: string;
  /** Auth Armor `short_msg`: a short message shown in the email or text. */
  shortMessage?: string;
  /** The API that asked, for the redirect rules that differ by surface (policy `redirect.custom_ports`). Default native. */
  redirectSurface?: RedirectSurface;
  /** Overrides the policy's `users.unknown_email` (the hosted sign-up page creates, forgot-password never does). */
  createUnknownUser?: boolean;
}

export interface LinkView {
  id: string;
  type: LinkType;
  user_id: string;
  identifier: string;
  status: LinkStatus;
  redirect_url: string | null;
  expires_at: string;
  created_at: string;
  consumed_at: string | null;
  revoked_at: string | null;
}
/** `url` holds the token and is returned only once, when the link was created with send=false. */
export interface CreateLinkResponse extends LinkView {
  url?: string;
}

export interface GetLinkRequest {
  tenantId: string;
  id: string;
}
export interface ListLinksRequest {
  tenantId: string;
  userId?: string;
  status?: LinkStatus;
  cursor?: string;
  limit: number;
}
export interface ListLinksResponse {
  data: LinkView[];
  next_cursor: string | null;
}
export interface RevokeLinkRequest {
  tenantId: string;
  id: string;
  actor: Actor;
}

/** The user's most recent link (Entrust's "the Magic Link for a user"), with where it was emailed. */
export interface LatestLinkForUserRequest {
  tenantId: string;
  userId: string;
}
export interface LatestLinkForUserResponse extends LinkView {
  /** The address the link was emailed to; null when it was not emailed. */
  delivered_to: string | null;
}
/** Revokes every live link of the user; `revoked` counts them. */
export interface RevokeLinksForUserRequest {
  tenantId: string;
  userId: string;
  actor: Actor;
}
export interface RevokeLinksForUserResponse {
  revoked: number;
}

export interface AuthenticateRequest {
  tenantId: string;
  token: string;
  ipAddress?: string;
  userAgent?: string;
  actor: Actor;
}
export interface AuthenticateResponse {
  user: { id: string; email: string | null };
  type: LinkType;
  context_data: ContextData | null;
  redirect_url: string | null;
  link_id: string;
}

/** Hosted page: what to show for a link, without consuming it. */
export interface PeekLinkRequest {
  token: string;
  /** The hosted request page's cookie, when the browser sent one: proves it is the browser that asked. */
  browserNonce?: string;
}
export type PeekStatus = 'active' | 'expired' | 'used' | 'revoked' | 'invalid';
export interface PeekLinkResponse {
  status: PeekStatus;
  type?: LinkType;
  appName?: string;
  expiresAt?: string;
  /**
   * The link's tenant (whose branding its page wears and whose failed-verification limits apply)
   * and `language`; absent for a token that matches no link.
   */
  tenantId?: string;
  language?: string | null;
  /** Auth Armor `action_name` and `short_msg` given at creation: the page shows them as the email did. */
  actionName?: string | null;
  shortMessage?: string | null;
  /** Present when the link was asked for through the public endpoint. */
  request?: PeekedSignInRequest;
}
export interface PeekedSignInRequest {
  matchCode: string;
  /** The request carried a PKCE code_challenge. */
  pkce: boolean;
  /** The browser presented the cookie of the request page that asked. */
  sameBrowser: boolean;
  /** The tenant policy's `sign_in.confirm`. */
  confirm: 'always' | 'cross_device' | 'never';
  /** Where a same-browser redirect goes (the code is appended by the gateway). */
  redirectBase: string;
}

/** Hosted page POST: consumes the link and returns where to send the browser (with `?code=`). */
export interface ConsumeLinkRequest {
  token: string;
  ip: string | null;
  userAgent: string | null;
}
export interface ConsumeLinkResponse {
  redirectTo: string;
  /** The link was asked for through the public endpoint: the asking screen completes the sign-in. */
  approved?: { matchCode: string; appName: string; tenantId: string; language: string | null };
}

export interface ExchangeCodeRequest {
  tenantId: string;
  code: string;
  /** PKCE: required when the link was requested with a code_challenge. */
  codeVerifier?: string;
  actor: Actor;
}

export * from './webhook-contracts';

export interface DevMailboxListRequest {
  limit: number;
}
/** One message by id; not_found when there is none (a malformed id included). */
export interface DevMailboxGetRequest {
  id: string;
}
/** A message of the dev mailbox (`GET /dev/mailbox/messages.json` lists these, newest first). */
export interface DevMailboxMessage {
  id: string;
  channel: 'email' | 'sms';
  /** An email address, or an E.164 number for sms. */
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  created_at: string;
}

/** The wire form of an error crossing RPC. */
export interface RpcErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}
