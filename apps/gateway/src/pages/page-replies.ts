import type { FastifyReply, FastifyRequest } from 'fastify';
import { SesameError } from '@sesame/domain';
import { PAGE_HEADERS } from './html';
import { lockedOutPage } from './sign-in-pages';

/** How every hosted page reads its form and answers: the same headers, the same 429 page. */

export function sendPage(reply: FastifyReply, status: number, html: string): void {
  void reply.status(status).headers(PAGE_HEADERS).send(html);
}

export function redirectPage(reply: FastifyReply, location: string, headers: Record<string, string> = {}): void {
  void reply.status(303).headers({ ...PAGE_HEADERS, ...headers, location }).send();
}

/** Over a rate limit or locked out: the page with Retry-After. */
export function sendLocked(reply: FastifyReply, err: SesameError): void {
  const retry = Number(err.details?.retry_after ?? 60);
  const p = lockedOutPage(retry);
  void reply.status(p.status).headers({ ...PAGE_HEADERS, 'retry-after': String(retry) }).send(p.html);
}

export const isRateLimited = (err: unknown): err is SesameError => err instanceof SesameError && err.code === 'rate_limited';

/** The url-encoded form of a POST (an empty object when there is none). */
export function formOf(req: FastifyRequest): Record<string, unknown> {
  const body = req.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

/** A string field of a form or query, trimmed ('' when absent or not a string). */
export function field(form: Record<string, unknown>, name: string, max = 2048): string {
  const v = form[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
}

/** The email field when it looks like an address (the pages' only check before the limits). */
export function emailField(form: Record<string, unknown>): string | null {
  const email = field(form, 'email', 321);
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 320 ? email : null;
}
