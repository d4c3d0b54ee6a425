import type { TenantPolicy } from '@sesame/domain';

/** What the public endpoints need to know about a tenant, found by its slug (cached by the gateway). */
export interface PublicTenantRequest {
  /** Exactly one of slug or id. */
  slug?: string;
  id?: string;
}
export interface PublicTenant {
  id: string;
  slug: string;
  name: string;
  policy: TenantPolicy;
  /** Disabled or deleted by the operator: its public endpoints answer 403 `tenant_disabled`. */
  disabled: boolean;
}

/**
 * A link asked for by a browser. The gateway answers 202 before this is handled (it does not wait
 * for the reply), so looking the address up and sending take no time the asker can measure.
 */
export interface SignInRequest {
  requestId: string;
  tenantId: string;
  email: string;
  redirectUrl?: string;
  codeChallenge?: string;
  /** The hosted request page's cookie value (only its hash is stored). */
  browserNonce?: string;
  matchCode: string;
  ip: string | null;
  userAgent: string | null;
}
export interface SignInAccepted {
  accepted: true;
}

export type SignInStatus = 'pending' | 'approved' | 'completed' | 'expired' | 'failed';

/** The asking screen polls this; once approved elsewhere it gets a one-time exchange code, once. */
export interface SignInStatusRequest {
  tenantId: string;
  requestId: string;
  browserNonce?: string;
}
export interface SignInStatusResponse {
  request_id: string;
  status: SignInStatus;
  match_code: string;
  expires_at: string;
  /** Only in the answer that moves an approved request to completed: exchange it with POST /v1/magic-links/exchange. */
  code?: string;
  /** With `code`: the request's redirect URL (or the app origin) with `?code=` appended. */
  redirect_to?: string;
}

/** The 6-digit code from the email, typed on the asking screen. */
export interface SignInCodeRequest {
  tenantId: string;
  requestId: string;
  code: string;
  /** The hosted page's cookie value, required when the request was made on the hosted page. */
  browserNonce?: string;
  /** PKCE: required when the request carried a code_challenge. */
  codeVerifier?: string;
  ip: string | null;
  userAgent: string | null;
}
export interface SignInCodeResponse {
  /** One-time exchange code (60 s) for POST /v1/magic-links/exchange. */
  code: string;
  redirect_to: string;
}
