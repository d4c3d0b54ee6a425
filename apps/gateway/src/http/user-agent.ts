import type { FastifyRequest } from 'fastify';

const MAX_USER_AGENT = 512;
// Node already refuses NUL in a header and decodes header bytes as Latin-1 (no surrogates reach
// here); what is left to drop are the other control characters.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const CONTROL = /[\u0000-\u001f\u007f]/g;

/**
 * The User-Agent header as stored with audit events and link bindings. Cleaned, not refused: a
 * browser cannot change its user agent, and refusing it would lock its user out of signing in.
 */
export function userAgentOf(req: Pick<FastifyRequest, 'headers'>): string | null {
  const ua = req.headers['user-agent'];
  if (typeof ua !== 'string') return null;
  const clean = ua.replace(CONTROL, '').slice(0, MAX_USER_AGENT);
  return clean === '' ? null : clean;
}
