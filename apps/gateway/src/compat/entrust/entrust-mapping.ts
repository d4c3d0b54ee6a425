import { LinkStatus, LinkType, SesameError } from '@sesame/domain';
import type { CreateLinkResponse, LatestLinkForUserResponse } from '@sesame/messaging';

/**
 * Entrust IDaaS Administration API ↔ Sesame, field by field (docs/entrust.md). Entrust's schemas:
 * MagicLinkCreateParms (request), MagicLinkResponse (create), MagicLink (get), ErrorInfo (errors).
 */

/** Entrust `type` → Sesame link type. REGISTRATION is Entrust's default. */
export const ENTRUST_LINK_TYPES = {
  REGISTRATION: 'registration',
  PASSWORD_RESET: 'password_reset',
  AUTHENTICATION: 'login',
  VERIFY_EMAIL: 'verify_email',
} as const satisfies Record<string, LinkType>;
export type EntrustLinkType = keyof typeof ENTRUST_LINK_TYPES;
export const ENTRUST_LINK_TYPE_NAMES = Object.keys(ENTRUST_LINK_TYPES) as EntrustLinkType[];

const STATUS: Record<LinkStatus, string> = { active: 'ACTIVE', consumed: 'USED', expired: 'EXPIRED', revoked: 'REVOKED' };

/** MagicLinkResponse: `url` only when the link was not emailed (autoSend false). */
export interface EntrustMagicLinkResponse {
  expiryDate: string;
  url?: string;
}

/** MagicLink, plus `status` (Sesame's addition). Absent values are left out, as Entrust does. */
export interface EntrustMagicLink {
  created: string;
  expiry: string;
  type: EntrustLinkType;
  status: string;
  email?: string;
  redirectUrl?: string;
}

export interface EntrustErrorInfo {
  errorCode: string;
  errorMessage: string;
  parameters: Record<string, unknown>[];
}

/**
 * Entrust's type as a script may spell it: the enum constant in any case, or the guide's own
 * words ("Password reset Magic Link" → `PASSWORD_RESET`). Anything else passes through unchanged
 * for the DTO to refuse.
 */
export function normaliseEntrustLinkType(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const name = value.trim().replace(/\s+magic\s+link$/i, '').replace(/[\s-]+/g, '_').toUpperCase();
  return (ENTRUST_LINK_TYPE_NAMES as string[]).includes(name) ? name : value;
}

export function toSesameLinkType(type: EntrustLinkType | undefined): LinkType {
  return ENTRUST_LINK_TYPES[type ?? 'REGISTRATION'];
}

export function toEntrustLinkType(type: LinkType): EntrustLinkType {
  const found = ENTRUST_LINK_TYPE_NAMES.find((name) => ENTRUST_LINK_TYPES[name] === type);
  if (!found) throw new SesameError('internal_error', `No Entrust name for link type ${type}`);
  return found;
}

export function toEntrustCreateResponse(link: CreateLinkResponse): EntrustMagicLinkResponse {
  return link.url ? { expiryDate: link.expires_at, url: link.url } : { expiryDate: link.expires_at };
}

export function toEntrustMagicLink(link: LatestLinkForUserResponse): EntrustMagicLink {
  return {
    created: link.created_at,
    expiry: link.expires_at,
    type: toEntrustLinkType(link.type),
    status: STATUS[link.status],
    ...(link.delivered_to ? { email: link.delivered_to } : {}),
    ...(link.redirect_url ? { redirectUrl: link.redirect_url } : {}),
  };
}

/** Sesame's error as Entrust's ErrorInfo; `parameters` carries Sesame's details. */
export function toEntrustErrorInfo(err: SesameError): EntrustErrorInfo {
  return { errorCode: err.code, errorMessage: err.message, parameters: err.details ? [err.details] : [] };
}
