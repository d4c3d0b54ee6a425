import { ACCOUNT_RPC } from './account-contracts';
import { COMPAT_RPC } from './compat-contracts';
import { CONSOLE_RPC } from './console-contracts';
import { LIFECYCLE_RPC } from './lifecycle-contracts';
import { PROVIDER_EVENTS_RPC } from './provider-event-contracts';
import { PROVIDER_RPC } from './provider-contracts';
import { RPC } from './rpc-contracts';
import { TEMPLATE_RPC } from './template-contracts';
import type {
  ApplicationView, AuthFlowView, CompletePasswordResetRequest, CompletePasswordResetResponse, CreateApplicationRequest, DeleteApplicationRequest, ExchangePasswordResetRequest, ExchangePasswordResetResponse, FirstFactorRequest, FirstFactorResponse, GetApplicationRequest, GetAuthFlowRequest, HostedPasswordResetRequest, HostedPasswordResetResponse, ListApplicationsRequest, ListApplicationsResponse, PeekPasswordResetRequest, PeekPasswordResetResponse, SelfServiceRequest, SetPasswordRequest, SetPasswordResponse, StartAuthFlowRequest, StartRegistrationRequest, StartRegistrationResponse, UpdateApplicationRequest, ValidateRegistrationRequest, ValidateRegistrationResponse,
} from './account-contracts';
import type {
  CreateUserRequest, CreateUserResponse, DeleteUserRequest, GetPolicyRequest, GetUserRequest, ListAuditEventsRequest, ListAuditEventsResponse, ListUsersRequest, ListUsersResponse, PolicyView, UpdatePolicyRequest, UpdateUserRequest, UserView,
} from './admin-contracts';
import type { PassageCreateMagicLinkRequest, PassageCreateMagicLinkResponse } from './compat-contracts';
import type {
  ConsoleSignedIn, ConsoleSignInCompleteRequest, ConsoleSignInRequest, ConsoleUserView, CreateConsoleUserRequest, ListConsoleUsersRequest, ListConsoleUsersResponse, StatsRequest, StatsResponse, UpdateConsoleUserRequest,
} from './console-contracts';
import type {
  DeleteTenantRequest, GetTenantRequest, ListApiKeysRequest, ListApiKeysResponse, ListTenantsRequest, ListTenantsResponse, RevokeApiKeyRequest, RotateApiKeyRequest, RotateApiKeyResponse, TenantView, UpdateTenantRequest,
} from './lifecycle-contracts';
import type { LinkDetailView } from './link-delivery-contracts';
import type {
  DeleteProviderRequest, ListProvidersRequest, ListProvidersResponse, ProviderRef, ProviderView, PutProviderRequest,
} from './provider-contracts';
import type { ApplySendGridEventsRequest, ApplySendGridEventsResponse } from './provider-event-contracts';
import type { ListRetentionRunsRequest, ListRetentionRunsResponse } from './retention-contracts';
import type {
  AuthenticateRequest, AuthenticateResponse, ConsumeLinkRequest, ConsumeLinkResponse, CreateApiKeyRequest, CreateApiKeyResponse, CreateLinkRequest, CreateLinkResponse, CreateTenantRequest, CreateTenantResponse, DevMailboxGetRequest, DevMailboxListRequest, DevMailboxMessage, ExchangeCodeRequest, GetLinkRequest, LatestLinkForUserRequest, LatestLinkForUserResponse, LinkView, ListLinksRequest, ListLinksResponse, PeekLinkRequest, PeekLinkResponse, ResolveApiKeyRequest, ResolvedApiKey, RevokeLinkRequest, RevokeLinksForUserRequest, RevokeLinksForUserResponse,
} from './rpc-contracts';
import type {
  PublicTenant, PublicTenantRequest, SignInAccepted, SignInCodeRequest, SignInCodeResponse, SignInRequest, SignInStatusRequest, SignInStatusResponse,
} from './sign-in-contracts';
import type {
  DeleteTemplateRequest, ListTemplatesRequest, ListTemplatesResponse, PreviewTemplateRequest, PutTemplateRequest, TemplateBodies, TemplateRef, TemplateView, TestSendTemplateRequest, TestSendTemplateResponse,
} from './template-contracts';
import type {
  CreateWebhookEndpointRequest, CreateWebhookEndpointResponse, ListWebhookDeliveriesRequest, ListWebhookDeliveriesResponse, ListWebhookEndpointsRequest, ListWebhookEndpointsResponse, ReplayWebhookDeliveryRequest, RotateWebhookSecretResponse, UpdateWebhookEndpointRequest, WebhookDeliveryView, WebhookEndpointActionRequest, WebhookEndpointRef, WebhookEndpointView,
} from './webhook-contracts';

/**
 * The RPC contract: for every pattern, what the gateway sends and what token-service answers.
 * `RpcClient.call` (gateway) and `@RpcHandler` (token-service) are both typed against this map, so
 * a pattern without an entry, a misspelled pattern or a payload of the wrong shape fails to compile.
 * Keys are the pattern constants; entries are grouped by the feature that handles them.
 */
export interface RpcMap {
  [RPC.apiKeysCreate]: { request: CreateApiKeyRequest; response: CreateApiKeyResponse };
  [LIFECYCLE_RPC.apiKeysList]: { request: ListApiKeysRequest; response: ListApiKeysResponse };
  [RPC.apiKeysResolve]: { request: ResolveApiKeyRequest; response: ResolvedApiKey | null };
  [LIFECYCLE_RPC.apiKeysRevoke]: { request: RevokeApiKeyRequest; response: { revoked: boolean } };
  [LIFECYCLE_RPC.apiKeysRotate]: { request: RotateApiKeyRequest; response: RotateApiKeyResponse };

  [ACCOUNT_RPC.applicationsCreate]: { request: CreateApplicationRequest; response: ApplicationView };
  [ACCOUNT_RPC.applicationsDelete]: { request: DeleteApplicationRequest; response: { deleted: boolean } };
  [ACCOUNT_RPC.applicationsGet]: { request: GetApplicationRequest; response: ApplicationView };
  [ACCOUNT_RPC.applicationsList]: { request: ListApplicationsRequest; response: ListApplicationsResponse };
  [ACCOUNT_RPC.applicationsUpdate]: { request: UpdateApplicationRequest; response: ApplicationView };

  [RPC.auditList]: { request: ListAuditEventsRequest; response: ListAuditEventsResponse };

  [CONSOLE_RPC.signInComplete]: { request: ConsoleSignInCompleteRequest; response: ConsoleSignedIn };
  [CONSOLE_RPC.signInRequest]: { request: ConsoleSignInRequest; response: { accepted: true } };
  [CONSOLE_RPC.stats]: { request: StatsRequest; response: StatsResponse };
  [CONSOLE_RPC.usersCreate]: { request: CreateConsoleUserRequest; response: ConsoleUserView };
  [CONSOLE_RPC.usersList]: { request: ListConsoleUsersRequest; response: ListConsoleUsersResponse };
  [CONSOLE_RPC.usersUpdate]: { request: UpdateConsoleUserRequest; response: ConsoleUserView };

  [ACCOUNT_RPC.authFlowsFirstFactor]: { request: FirstFactorRequest; response: FirstFactorResponse };
  [ACCOUNT_RPC.authFlowsGet]: { request: GetAuthFlowRequest; response: AuthFlowView };
  [ACCOUNT_RPC.authFlowsStart]: { request: StartAuthFlowRequest; response: AuthFlowView };

  [COMPAT_RPC.passageCreateMagicLink]: { request: PassageCreateMagicLinkRequest; response: PassageCreateMagicLinkResponse };

  [RPC.devMailboxGet]: { request: DevMailboxGetRequest; response: DevMailboxMessage };
  [RPC.devMailboxList]: { request: DevMailboxListRequest; response: DevMailboxMessage[] };

  [RPC.linksAuthenticate]: { request: AuthenticateRequest; response: AuthenticateResponse };
  [RPC.linksCheckBinding]: { request: ConsumeLinkRequest; response: { ok: boolean } };
  [RPC.linksConsume]: { request: ConsumeLinkRequest; response: ConsumeLinkResponse };
  [RPC.linksCreate]: { request: CreateLinkRequest; response: CreateLinkResponse };
  [RPC.linksExchange]: { request: ExchangeCodeRequest; response: AuthenticateResponse };
  [RPC.linksGet]: { request: GetLinkRequest; response: LinkDetailView };
  [RPC.linksLatestForUser]: { request: LatestLinkForUserRequest; response: LatestLinkForUserResponse };
  [RPC.linksList]: { request: ListLinksRequest; response: ListLinksResponse };
  [RPC.linksPeek]: { request: PeekLinkRequest; response: PeekLinkResponse };
  [RPC.linksRevoke]: { request: RevokeLinkRequest; response: LinkView };
  [RPC.linksRevokeForUser]: { request: RevokeLinksForUserRequest; response: RevokeLinksForUserResponse };

  [ACCOUNT_RPC.passwordResetsComplete]: { request: CompletePasswordResetRequest; response: CompletePasswordResetResponse };
  [ACCOUNT_RPC.passwordResetsExchange]: { request: ExchangePasswordResetRequest; response: ExchangePasswordResetResponse };
  [ACCOUNT_RPC.passwordResetsHosted]: { request: HostedPasswordResetRequest; response: HostedPasswordResetResponse };
  [ACCOUNT_RPC.passwordResetsPeek]: { request: PeekPasswordResetRequest; response: PeekPasswordResetResponse };

  [ACCOUNT_RPC.passwordsSet]: { request: SetPasswordRequest; response: SetPasswordResponse };

  [RPC.policyGet]: { request: GetPolicyRequest; response: PolicyView };
  [RPC.policyUpdate]: { request: UpdatePolicyRequest; response: PolicyView };

  [PROVIDER_EVENTS_RPC.sendgridEvents]: { request: ApplySendGridEventsRequest; response: ApplySendGridEventsResponse };

  [PROVIDER_RPC.providersDelete]: { request: DeleteProviderRequest; response: { deleted: boolean } };
  [PROVIDER_RPC.providersGet]: { request: ProviderRef; response: ProviderView };
  [PROVIDER_RPC.providersList]: { request: ListProvidersRequest; response: ListProvidersResponse };
  [PROVIDER_RPC.providersPut]: { request: PutProviderRequest; response: ProviderView };

  [ACCOUNT_RPC.registrationsStart]: { request: StartRegistrationRequest; response: StartRegistrationResponse };
  [ACCOUNT_RPC.registrationsValidate]: { request: ValidateRegistrationRequest; response: ValidateRegistrationResponse };

  [RPC.retentionRunsList]: { request: ListRetentionRunsRequest; response: ListRetentionRunsResponse };

  [ACCOUNT_RPC.selfServiceRequest]: { request: SelfServiceRequest; response: { accepted: true } };

  [RPC.signInCode]: { request: SignInCodeRequest; response: SignInCodeResponse };
  [RPC.signInRequest]: { request: SignInRequest; response: SignInAccepted };
  [RPC.signInStatus]: { request: SignInStatusRequest; response: SignInStatusResponse };

  [TEMPLATE_RPC.templatesDelete]: { request: DeleteTemplateRequest; response: { deleted: boolean } };
  [TEMPLATE_RPC.templatesGet]: { request: TemplateRef; response: TemplateView };
  [TEMPLATE_RPC.templatesList]: { request: ListTemplatesRequest; response: ListTemplatesResponse };
  [TEMPLATE_RPC.templatesPreview]: { request: PreviewTemplateRequest; response: TemplateBodies };
  [TEMPLATE_RPC.templatesPut]: { request: PutTemplateRequest; response: TemplateView };
  [TEMPLATE_RPC.templatesTestSend]: { request: TestSendTemplateRequest; response: TestSendTemplateResponse };

  [RPC.tenantsCreate]: { request: CreateTenantRequest; response: CreateTenantResponse };
  [LIFECYCLE_RPC.tenantsDelete]: { request: DeleteTenantRequest; response: TenantView };
  [LIFECYCLE_RPC.tenantsGet]: { request: GetTenantRequest; response: TenantView };
  [LIFECYCLE_RPC.tenantsList]: { request: ListTenantsRequest; response: ListTenantsResponse };
  [RPC.tenantsPublic]: { request: PublicTenantRequest; response: PublicTenant };
  [LIFECYCLE_RPC.tenantsUpdate]: { request: UpdateTenantRequest; response: TenantView };

  [RPC.usersCreate]: { request: CreateUserRequest; response: CreateUserResponse };
  [RPC.usersDelete]: { request: DeleteUserRequest; response: { deleted: boolean } };
  [RPC.usersGet]: { request: GetUserRequest; response: UserView };
  [RPC.usersList]: { request: ListUsersRequest; response: ListUsersResponse };
  [RPC.usersUpdate]: { request: UpdateUserRequest; response: UserView };

  [RPC.webhookDeliveriesList]: { request: ListWebhookDeliveriesRequest; response: ListWebhookDeliveriesResponse };
  [RPC.webhookDeliveriesReplay]: { request: ReplayWebhookDeliveryRequest; response: WebhookDeliveryView };

  [RPC.webhookEndpointsCreate]: { request: CreateWebhookEndpointRequest; response: CreateWebhookEndpointResponse };
  [RPC.webhookEndpointsDelete]: { request: WebhookEndpointActionRequest; response: { deleted: boolean } };
  [RPC.webhookEndpointsGet]: { request: WebhookEndpointRef; response: WebhookEndpointView };
  [RPC.webhookEndpointsList]: { request: ListWebhookEndpointsRequest; response: ListWebhookEndpointsResponse };
  [RPC.webhookEndpointsRotateSecret]: { request: WebhookEndpointActionRequest; response: RotateWebhookSecretResponse };
  [RPC.webhookEndpointsTest]: { request: WebhookEndpointActionRequest; response: WebhookDeliveryView };
  [RPC.webhookEndpointsUpdate]: { request: UpdateWebhookEndpointRequest; response: WebhookEndpointView };
}

export type RpcPattern = keyof RpcMap;
export type RpcRequest<P extends RpcPattern> = RpcMap[P]['request'];
export type RpcResponse<P extends RpcPattern> = RpcMap[P]['response'];

/** Every pattern at run time (token-service checks it handles each one exactly once). */
export const RPC_PATTERNS: readonly RpcPattern[] = [ACCOUNT_RPC, COMPAT_RPC, CONSOLE_RPC, LIFECYCLE_RPC, PROVIDER_EVENTS_RPC, PROVIDER_RPC, RPC, TEMPLATE_RPC]
  .flatMap((patterns) => Object.values(patterns));

type ValuesOf<T> = T extends unknown ? T[keyof T] : never;
type DeclaredPattern = ValuesOf<
  typeof ACCOUNT_RPC | typeof COMPAT_RPC | typeof CONSOLE_RPC | typeof LIFECYCLE_RPC | typeof PROVIDER_EVENTS_RPC | typeof PROVIDER_RPC | typeof RPC | typeof TEMPLATE_RPC
>;
type AssertNever<T extends never> = T;
/** A pattern constant added without a map entry fails to compile here (the server would answer not_found). */
export type _EveryPatternMapped = AssertNever<Exclude<DeclaredPattern, RpcPattern>>;
