import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SesameError } from '@sesame/domain';
import { sendPage } from '../pages/html';
import { problemPage } from '../pages/link-pages';
import { pageContext } from '../pages/page-context';
import { errorBody } from './error-body';

/**
 * Refuses a request whose client address is not an IP address. Behind a trusted proxy
 * (TRUST_PROXY) the address is taken from X-Forwarded-For as written, so without this check any
 * text reached rate-limit keys, link binding and the audit log's `inet` column (where Postgres
 * refused it and a hosted page answered 503). A proxy that forwards correctly never sends one.
 */
export function installClientIpCheck(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    if (isIP(req.ip)) return done();
    if (req.url.startsWith('/l/') || req.url.startsWith('/p/')) {
      // A hosted page answers with a page: before routing the tenant is unknown, so the default look
      // in the visitor's language.
      const ctx = pageContext(null, req.headers['accept-language']);
      return sendPage(reply, ctx, problemPage(ctx, 'invalid'));
    }
    void reply.status(400).header('cache-control', 'no-store')
      .send(errorBody(new SesameError('invalid_request', 'X-Forwarded-For does not name the client by an IP address')));
  });
}
