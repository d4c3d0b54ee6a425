import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * The hosted request page marks the asking browser with a random nonce in a `__Host-` cookie
 * (Secure, Path=/, no Domain: only this origin, never a subdomain). Opening the link in the same
 * browser presents it, which is what lets the link work there without a confirm click.
 */
export const SIGN_IN_COOKIE = '__Host-sesame_signin';
const NONCE = /^[A-Za-z0-9_-]{43}$/;

export function newBrowserNonce(): string {
  return randomBytes(32).toString('base64url');
}

export function signInCookie(nonce: string, maxAgeSeconds: number): string {
  return `${SIGN_IN_COOKIE}=${nonce}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`;
}

/** The nonce the browser sent, if any (well-formed only). */
export function browserNonceOf(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SIGN_IN_COOKIE) {
      const value = rest.join('=');
      return NONCE.test(value) ? value : undefined;
    }
  }
  return undefined;
}
