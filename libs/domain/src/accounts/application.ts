/**
 * An application of a tenant and its authentication flow (Entrust "authentication flow" on a
 * resource rule): a magic link alone, or a password first factor followed by a magic-link second
 * factor.
 */
export const AUTH_FLOW_KINDS = ['magic_link', 'password_then_magic_link'] as const;
export type AuthFlowKind = (typeof AUTH_FLOW_KINDS)[number];

export const AUTH_FLOW_STATUSES = ['pending', 'completed', 'expired'] as const;
export type AuthFlowStatus = (typeof AUTH_FLOW_STATUSES)[number];

export function authFlowStatus(flow: { completedAt: Date | null; expiresAt: Date }, now = new Date()): AuthFlowStatus {
  if (flow.completedAt) return 'completed';
  return flow.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** Whether a flow of this kind needs the user's password before the magic link is sent. */
export function needsPassword(kind: AuthFlowKind): boolean {
  return kind === 'password_then_magic_link';
}

/** Second factors a person may choose after the first (Entrust: Magic Link "appears as an option"). */
export type SecondFactor = 'magic_link';

/**
 * The second factors the hosted sign-in offers for an application: Magic Link when the
 * application's flow has it as second factor and the tenant's login links are enabled.
 */
export function secondFactorOptions(kind: AuthFlowKind, loginLinksEnabled: boolean): SecondFactor[] {
  return needsPassword(kind) && loginLinksEnabled ? ['magic_link'] : [];
}

/** How long a passed first factor waits for the second factor to be chosen. */
export const FIRST_FACTOR_TTL_SECONDS = 5 * 60;
