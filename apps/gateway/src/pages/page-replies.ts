import type { FastifyReply, FastifyRequest } from 'fastify';
import { SesameError } from '@sesame/domain';
import { expiresInWords, fill } from '@sesame/i18n';
import { PAGE_HEADERS } from './html';
import type { PageContext } from './page-context';

/** How hosted pages read their forms and answer what every form shares (redirects, limits). */

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

export function redirectPage(reply: FastifyReply, location: string, headers: Record<string, string> = {}): void {
  void reply.status(303).headers({ ...PAGE_HEADERS, ...headers, location }).send();
}

export const isRateLimited = (err: unknown): err is SesameError => err instanceof SesameError && err.code === 'rate_limited';

export const retryAfterOf = (err: SesameError) => Number(err.details?.retry_after ?? 60);

/** "Too many links asked for. You can ask again in 1 minute." */
export function tooManyLinks(ctx: PageContext, err: SesameError, now = new Date()): string {
  const at = new Date(now.getTime() + retryAfterOf(err) * 1000);
  return fill(ctx.t.pages.signIn.resendWait, { retry_in: expiresInWords(at, now, ctx.t.locale) });
}
