import type { FastifyInstance, FastifyRequest } from 'fastify';
import { layout, pageHeaders, phrase } from './html';
import { PageContext, pageContext } from './page-context';

/** Every hosted page that serves a form posts it under one of these (links, and the per-tenant pages). */
const HOSTED_FORM_PREFIXES = ['/l/', '/p/'];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Login CSRF guard for the hosted pages' forms: a POST must come from a page of this origin.
 * `Sec-Fetch-Site` (sent by every current browser, unforgeable by page script) decides when
 * present: `same-origin`, or `none` (a navigation the user started, e.g. a resubmitted form, which
 * no other site can cause). Otherwise `Origin` decides: it must be PUBLIC_BASE_URL's origin;
 * `Origin: null` (sandboxed frames, data: documents) is refused. With neither header the request
 * is not a current browser's form post (curl, an integration test, a very old browser): it goes on,
 * because what CSRF abuses is a victim's browser, and the single-use token and SameSite cookie still
 * stand. Refusal happens before any controller runs, so a refused POST never consumes a link.
 */
export function crossSiteFormRefusal(req: Pick<FastifyRequest, 'method' | 'headers'>, route: string, publicOrigin: string): string | null {
  if (!UNSAFE_METHODS.has(req.method) || !HOSTED_FORM_PREFIXES.some((p) => route.startsWith(p))) return null;
  return crossSiteRefusal(req, publicOrigin);
}

/** The same-origin rule of the comment above, for any unsafe request that a browser's cookie authenticates (the console's too). */
export function crossSiteRefusal(req: Pick<FastifyRequest, 'headers'>, publicOrigin: string): string | null {
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site: ${site}`;
  const origin = header(req, 'origin');
  if (origin !== undefined) return origin === publicOrigin ? null : `Origin: ${origin}`;
  return null;
}

export function installSameOriginForms(fastify: FastifyInstance, publicBaseUrl: string): void {
  const publicOrigin = new URL(publicBaseUrl).origin;
  fastify.addHook('onRequest', async (req, reply) => {
    // The matched route's pattern (`/l/:token`), not the raw URL, which has other spellings.
    if (!crossSiteFormRefusal(req, req.routeOptions.url ?? '', publicOrigin)) return;
    // Refused before routing reaches a controller, so the tenant is not known: the page is in the
    // visitor's language with the default look.
    const ctx = pageContext(null, req.headers['accept-language']);
    await reply.status(403).headers(pageHeaders(ctx)).send(crossSiteFormPage(ctx));
  });
}

export function crossSiteFormPage(ctx: PageContext): string {
  const p = ctx.t.pages.problems.crossSite;
  return layout(ctx, p.title, `<h1>${phrase(p.title)}</h1><p>${phrase(p.text)}</p>`);
}

function header(req: Pick<FastifyRequest, 'headers'>, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
