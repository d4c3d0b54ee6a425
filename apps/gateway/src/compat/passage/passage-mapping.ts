import { BCP47_TAG, PASSAGE_LINK_TYPE_NAMES, PASSAGE_LINK_TYPES, PassageLinkType, SesameError } from '@sesame/domain';
import type { PassageCreateMagicLinkRequest, PassageCreateMagicLinkResponse } from '@sesame/messaging';
import type { PassageCreateMagicLinkDto } from './passage.dto';

/** Passage's MagicLink object, as its API and SDKs return it under `magic_link`. */
export interface PassageMagicLink {
  id: string;
  secret: string;
  activated: boolean;
  user_id: string;
  app_id: string;
  identifier: string;
  type: PassageLinkType;
  redirect_url: string;
  url: string;
  ttl: number;
}

/** Passage's error body: `code` one of Passage's names where Passage has one, else Sesame's. */
export interface PassageError {
  code: string;
  error: string;
}

/**
 * Passage's management API error codes by status (its 400, 401, 404 and 500 error models). Other
 * statuses have no Passage counterpart and keep Sesame's code (403 insufficient_scope, 429, …).
 */
const PASSAGE_CODES: Partial<Record<number, (err: SesameError) => string>> = {
  400: () => 'invalid_request',
  401: () => 'invalid_access_token',
  404: (err) => (err.details?.resource === 'app' ? 'app_not_found' : 'user_not_found'),
  500: () => 'internal_server_error',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toPassageRequest(
  base: Pick<PassageCreateMagicLinkRequest, 'requestId' | 'tenantId' | 'actor' | 'appId'>,
  dto: PassageCreateMagicLinkDto,
): PassageCreateMagicLinkRequest {
  if (!dto.user_id && !dto.email && !dto.phone) throw new SesameError('validation_failed', 'Provide one of user_id, email or phone');
  // Sesame user ids are UUIDs: anything else names no user.
  if (dto.user_id && !UUID.test(dto.user_id)) throw new SesameError('not_found', 'User not found');
  return {
    ...base,
    userId: dto.user_id,
    email: dto.user_id ? undefined : dto.email,
    phone: dto.phone,
    redirectUrl: dto.redirect_url,
    magicLinkPath: dto.magic_link_path,
    send: dto.send ?? false,
    channel: dto.channel === undefined ? undefined : dto.channel === 'phone' ? 'sms' : 'email',
    ttlMinutes: dto.ttl,
    // Passage: an unsupported language falls back to the default rather than failing.
    language: dto.language && BCP47_TAG.test(dto.language) ? dto.language : undefined,
    type: PASSAGE_LINK_TYPES[dto.type ?? 'login'],
  };
}

/**
 * The `magic_link` object. `secret` and `url` are empty when Sesame sent the link itself: its
 * token is never handed out then (the message carries Sesame's hosted link).
 */
export function toPassageMagicLink(r: PassageCreateMagicLinkResponse, requestedRedirect: string | undefined): PassageMagicLink {
  return {
    id: r.link.id,
    secret: r.secret ?? '',
    activated: r.link.status === 'consumed',
    user_id: r.link.user_id,
    app_id: r.app_id,
    identifier: r.identifier,
    type: PASSAGE_LINK_TYPE_NAMES.find((t) => PASSAGE_LINK_TYPES[t] === r.link.type) ?? 'login',
    redirect_url: requestedRedirect ?? r.link.redirect_url ?? '/',
    url: r.url ?? '',
    ttl: r.ttl_minutes,
  };
}

export function toPassageError(err: SesameError): PassageError {
  return { code: PASSAGE_CODES[err.status]?.(err) ?? err.code, error: err.message };
}
