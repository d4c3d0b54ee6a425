import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * The hosted request page marks the asking browser with a random nonce in a `__Host-` cookie
 * (Secure, Path=/, no Domain: only this origin, never a subdomain). Opening the link in the same
 * browser presents it, which is what lets the link work there without a confirm click.
 */
export const SIGN_IN_COOKIE = '__Host-sesame_signin';
const NONCE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The hosted two-step sign-in keeps its passed first factor (a ticket sealed by token-service)
 * in this browser only, between the password and the choice of second factor. SameSite=Strict:
 * no other site can make the browser choose a second factor.
 */
export const FIRST_FACTOR_COOKIE = '__Host-sesame_factor';
const TICKET = /^[A-Za-z0-9_-]{32,2048}$/;

export function newBrowserNonce(): string {
  return randomBytes(32).toString('base64url');
}

export function signInCookie(nonce: string, maxAgeSeconds: number): string {
  return `${SIGN_IN_COOKIE}=${nonce}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`;
}

/** The nonce the browser sent, if any (well-formed only). */
export function browserNonceOf(req: FastifyRequest): string | undefined {
  const value = cookieOf(req, SIGN_IN_COOKIE);
  return value !== undefined && NONCE.test(value) ? value : undefined;
}

/** Max-Age 0 clears it (the second factor was chosen). */
export function firstFactorCookie(ticket: string, maxAgeSeconds: number): string {
  return `${FIRST_FACTOR_COOKIE}=${ticket}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

export function firstFactorOf(req: FastifyRequest): string | undefined {
  const value = cookieOf(req, FIRST_FACTOR_COOKIE);
  return value !== undefined && TICKET.test(value) ? value : undefined;
}

/** One cookie of the request's Cookie header (no cookie plugin: the gateway reads only a few). */
export function cookieOf(req: Pick<FastifyRequest, 'headers'>, cookie: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookie) return rest.join('=');
  }
  return undefined;
}

/**
 * What "send a new link" on the waiting page needs: the address and redirect the browser asked
 * with. The page refreshes itself (no script), so it cannot carry them; this `__Host-` cookie does,
 * HttpOnly, for the request's lifetime. It holds nothing the browser did not type, and a resend
 * goes through the same checks and limits as the form.
 */
export const RESEND_COOKIE = '__Host-sesame_resend';

export interface ResendData {
  email: string;
  redirectUrl?: string;
}

export function resendCookie(data: ResendData, maxAgeSeconds: number): string {
  return `${RESEND_COOKIE}=${Buffer.from(JSON.stringify(data)).toString('base64url')}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

export function resendDataOf(req: FastifyRequest): ResendData | undefined {
  const value = cookieOf(req, RESEND_COOKIE);
  if (!value || value.length > 4096) return undefined;
  try {
    const data = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<ResendData>;
    if (typeof data.email !== 'string') return undefined;
    return { email: data.email, redirectUrl: typeof data.redirectUrl === 'string' ? data.redirectUrl : undefined };
  } catch {
    return undefined;
  }
}
