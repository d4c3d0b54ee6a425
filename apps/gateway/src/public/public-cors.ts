import type { FastifyInstance } from 'fastify';
import type { PublicTenant } from '@sesame/messaging';
import { errorBody } from '../http/error-body';
import { SesameError } from '@sesame/domain';

const PUBLIC_PATH = /^\/v1\/public\/([^/?#]+)\//;

/** The origins a tenant's browsers may call the public endpoints from: app origin, sign_in.allowed_origins, the hosted pages. */
export function allowedOrigins(t: PublicTenant, publicBaseUrl: string): string[] {
  return [t.policy.app.origin, ...t.policy.sign_in.allowed_origins, publicBaseUrl];
}

/**
 * CORS for `/v1/public/{tenant_slug}/…`: only the tenant's allowed origins get
 * Access-Control-Allow-Origin; a preflight answers 204 (without the header for others, so the
 * browser refuses); a request from any other origin is 403 before anything runs. Requests without
 * an Origin (servers, curl) pass. No credentials: the hosted pages call same-origin.
 */
export function installPublicCors(
  fastify: FastifyInstance,
  findTenant: (slug: string) => Promise<PublicTenant | null>,
  publicBaseUrl: string,
): void {
  fastify.addHook('onRequest', async (req, reply) => {
    const m = PUBLIC_PATH.exec(req.url);
    if (!m) return;
    void reply.headers({ vary: 'Origin', 'cache-control': 'no-store' });
    const origin = req.headers.origin;
    if (typeof origin !== 'string') {
      if (req.method === 'OPTIONS') return reply.status(204).send();
      return;
    }
    const tenant = await findTenant(decodeURIComponent(m[1])).catch(() => null);
    const allowed = tenant !== null && allowedOrigins(tenant, publicBaseUrl).includes(origin);
    if (allowed) {
      void reply.headers({ 'access-control-allow-origin': origin, 'access-control-expose-headers': 'retry-after, x-request-id' });
    }
    if (req.method === 'OPTIONS') {
      if (allowed) {
        void reply.headers({
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'content-type',
          'access-control-max-age': '600',
        });
      }
      return reply.status(204).send();
    }
    if (!allowed) {
      const err = new SesameError('forbidden', 'This origin may not call this tenant\'s public endpoints');
      return reply.status(err.status).header('cache-control', 'no-store').send(errorBody(err));
    }
  });
}
