export const LINK_TYPES = ['login', 'registration', 'password_reset', 'verify_email'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export function isLinkType(value: unknown): value is LinkType {
  return typeof value === 'string' && (LINK_TYPES as readonly string[]).includes(value);
}

/** Default lifetime per type (registration 5 min as in the Auth Armor seed); a tenant's policy may change it. */
export const DEFAULT_TTL_SECONDS: Record<LinkType, number> = {
  login: 10 * 60,
  registration: 5 * 60,
  password_reset: 15 * 60,
  verify_email: 24 * 60 * 60,
};

/** Bounds on any link's lifetime, in policy and per link. */
export const MIN_TTL_SECONDS = 60;
export const MAX_TTL_SECONDS = 24 * 60 * 60;

/** Lifetime of the one-time code a hosted-page redirect hands to the app's backend. */
export const EXCHANGE_CODE_TTL_SECONDS = 60;

export const LINK_STATUSES = ['active', 'consumed', 'expired', 'revoked'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

export function linkStatus(link: { consumedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): LinkStatus {
  if (link.consumedAt) return 'consumed';
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}
