import type { AuthFlowKind, AuthFlowStatus, ContextData, SelfServiceKind } from '@sesame/domain';
import type { Actor } from './rpc-contracts';

/**
 * RPC patterns and shapes of accounts: passwords and their reset, applications and auth flows,
 * magic-link email registrations (Auth Armor model). Writes carry `requestId` like every write.
 */
export const ACCOUNT_RPC = {
  passwordsSet: 'passwords.set',
  passwordResetsExchange: 'password-resets.exchange',
  passwordResetsComplete: 'password-resets.complete',
  passwordResetsPeek: 'password-resets.peek',
  passwordResetsHosted: 'password-resets.hosted',
  applicationsCreate: 'applications.create',
  applicationsGet: 'applications.get',
  applicationsList: 'applications.list',
  applicationsUpdate: 'applications.update',
  applicationsDelete: 'applications.delete',
  authFlowsStart: 'auth-flows.start',
  authFlowsGet: 'auth-flows.get',
  authFlowsFirstFactor: 'auth-flows.first-factor',
  selfServiceRequest: 'self-service.request',
  registrationsStart: 'registrations.start',
  registrationsValidate: 'registrations.validate',
} as const;

export interface SetPasswordRequest {
  tenantId: string;
  userId: string;
  /** null removes the password. */
  password: string | null;
  actor: Actor;
}
export interface SetPasswordResponse {
  user_id: string;
  has_password: boolean;
  password_changed_at: string | null;
}

/** A password_reset link's token (API) or the hosted page's one-time code, for a reset grant. */
export interface ExchangePasswordResetRequest {
  tenantId: string;
  token?: string;
  code?: string;
  actor: Actor;
}
export interface ExchangePasswordResetResponse {
  reset_grant: string;
  expires_at: string;
  user: { id: string; email: string };
}

/** Uses a reset grant once; with a password, Sesame stores it (else the integrator keeps passwords). */
export interface CompletePasswordResetRequest {
  tenantId: string;
  resetGrant: string;
  password?: string;
  actor: Actor;
}
export interface CompletePasswordResetResponse {
  user: { id: string; email: string };
  password_stored: boolean;
}

/** Hosted "choose a new password" page: is this a usable password_reset link of a hosted-mode tenant? */
export interface PeekPasswordResetRequest {
  token: string;
}
export interface PeekPasswordResetResponse {
  /** `hosted`: show the form; `not_reset`: not a password_reset link (show the ordinary page). */
  status: 'hosted' | 'not_reset' | 'expired' | 'used' | 'revoked' | 'invalid';
  appName?: string;
  /** The link's tenant (whose branding the page wears), `language` and expiry; absent for a token that matches no link. */
  tenantId?: string;
  language?: string | null;
  expiresAt?: string;
}
/** Hosted page POST: consumes the link and stores the new password, in one transaction. */
export interface HostedPasswordResetRequest {
  token: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}
export interface HostedPasswordResetResponse {
  appName: string;
  /** Where the "continue" button leads: the link's redirect URL or the app origin. */
  continueTo: string;
  tenantId: string;
  language: string | null;
}

export interface ApplicationView {
  id: string;
  name: string;
  auth_flow: AuthFlowKind;
  enabled: boolean;
  redirect_url: string | null;
  created_at: string;
  updated_at: string;
}
export interface CreateApplicationRequest {
  requestId: string;
  tenantId: string;
  actor: Actor;
  name: string;
  authFlow: AuthFlowKind;
  enabled?: boolean;
  redirectUrl?: string | null;
}
export interface GetApplicationRequest {
  tenantId: string;
  id: string;
}
export interface ListApplicationsRequest {
  tenantId: string;
}
export interface ListApplicationsResponse {
  data: ApplicationView[];
}
export interface UpdateApplicationRequest {
  tenantId: string;
  id: string;
  actor: Actor;
  name?: string;
  authFlow?: AuthFlowKind;
  enabled?: boolean;
  redirectUrl?: string | null;
}
export interface DeleteApplicationRequest {
  tenantId: string;
  id: string;
  actor: Actor;
}

/**
 * `application` is the application's id or name. The first factor is `password` (with `email`),
 * or the `firstFactorTicket` the hosted sign-in got for it before the second factor was chosen.
 */
export interface StartAuthFlowRequest {
  requestId: string;
  tenantId: string;
  actor: Actor;
  application: string;
  email?: string;
  password?: string;
  firstFactorTicket?: string;
  language?: string;
  /** Hosted page: bind the link to the actor's IP / user agent as the policy's sign_in.bind_* say. */
  bindToBrowser?: boolean;
}

/** Hosted two-step sign-in, step one: the password. The ticket (sealed, short-lived) stands for it in step two. */
export interface FirstFactorRequest {
  tenantId: string;
  actor: Actor;
  application: string;
  email: string;
  password: string;
}
export interface FirstFactorResponse {
  ticket: string;
  expires_at: string;
}

/**
 * A hosted self-service page's request (forgot password, verify email, sign up). Like a sign-in
 * request, the gateway has answered before this runs, so nothing about the address shows.
 */
export interface SelfServiceRequest {
  requestId: string;
  tenantId: string;
  kind: SelfServiceKind;
  email: string;
  redirectUrl?: string;
  contextData?: Record<string, string>;
  language?: string;
  ip: string | null;
  userAgent: string | null;
}
export interface AuthFlowView {
  id: string;
  application_id: string;
  auth_flow: AuthFlowKind;
  user_id: string;
  status: AuthFlowStatus;
  link_id: string;
  expires_at: string;
  created_at: string;
  completed_at: string | null;
}
export interface GetAuthFlowRequest {
  tenantId: string;
  id: string;
}

export interface StartRegistrationRequest {
  requestId: string;
  tenantId: string;
  actor: Actor;
  /** Existing-user flow: the user who gains the magic-link email method. */
  userId?: string;
  emailAddress: string;
  timeoutInSeconds?: number;
  registrationRedirectUrl: string;
  actionName?: string;
  shortMsg?: string;
  contextData?: ContextData;
  ipAddress?: string;
  userAgent?: string;
  language?: string;
}
export interface StartRegistrationResponse {
  registration_id: string;
  magiclink_email_registration_type: 'new_user' | 'existing_user';
  email_address: string;
  timeout_in_seconds: number;
  expires_at: string;
}
export interface ValidateRegistrationRequest {
  tenantId: string;
  actor: Actor;
  registrationValidationToken: string;
  ipAddress?: string;
  userAgent?: string;
}
/** Auth Armor's validation result, field for field. */
export interface ValidateRegistrationResponse {
  magiclink_email_registration_type: 'new_user' | 'existing_user';
  user_id: string;
  username: string;
  email_address: string;
  context_data: ContextData | null;
}
