import { createHash, randomBytes } from 'node:crypto';
import { timingSafeEqualString } from '@sesame/crypto';
import type { ConsoleRoleName } from '@sesame/messaging';

/**
 * `__Host-`: Secure, Path=/, no Domain, so only this origin ever receives it. HttpOnly keeps it
 * from page script; SameSite=Strict keeps it off every request another site starts.
 */
export const CONSOLE_COOKIE = '__Host-sesame_console';
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** What a session holds (in Redis, under the hash of its id). */
export interface ConsoleSession {
  userId: string;
  tenantId: string;
  email: string;
  role: ConsoleRoleName;
  /** Sent back by the SPA in X-CSRF-Token on every mutating request. */
  csrf: string;
  /** ms since the epoch: the absolute lifetime counts from here. */
  createdAt: number;
}

/**
 * Scopes of a console role on the /v1 API. A viewer gets the read scopes only; on top of that the
 * guard refuses every mutating request of a viewer's session, since some read scopes also name a
 * POST (authenticate, exchange) that a viewer must not make.
 */
export function scopesForRole(role: ConsoleRoleName): string[] {
  return role === 'admin' ? ['admin'] : ['magic_links:view', 'users:read', 'audit:read'];
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Redis holds the SHA-256 of the id, so a dump of Redis gives no usable cookie. */
export function sessionKeyOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

export function isWellFormedSessionId(value: string | undefined): value is string {
  return value !== undefined && SESSION_ID.test(value);
}

export function sessionCookie(id: string, maxAgeSeconds: number): string {
  return `${CONSOLE_COOKIE}=${id}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

export function clearedSessionCookie(): string {
  return sessionCookie('', 0);
}

/** Why a stored session no longer counts, or null while it does (the idle timeout is Redis's TTL). */
export function sessionExpiry(s: ConsoleSession, now: number, maxSeconds: number): 'absolute_lifetime' | null {
  return now - s.createdAt >= maxSeconds * 1000 ? 'absolute_lifetime' : null;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMutating(method: string): boolean {
  return UNSAFE_METHODS.has(method.toUpperCase());
}

/** A mutating request of a session must carry its CSRF token (constant-time compare). */
export function csrfRefusal(s: ConsoleSession, method: string, presented: string | string[] | undefined): string | null {
  if (!isMutating(method)) return null;
  if (typeof presented !== 'string' || presented.length === 0) return `the ${CSRF_HEADER} header is missing`;
  return timingSafeEqualString(presented, s.csrf) ? null : `the ${CSRF_HEADER} header does not match the session`;
}
