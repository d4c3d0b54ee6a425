import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SesameError } from '@sesame/domain';
import { PAGE_HEADERS } from '../pages/html';
import { problemPage } from '../pages/link-pages';
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
    if (req.url.startsWith('/l/')) {
      const p = problemPage('invalid');
      void reply.status(p.status).headers(PAGE_HEADERS).send(p.html);
      return;
    }
    void reply.status(400).header('cache-control', 'no-store')
      .send(errorBody(new SesameError('invalid_request', 'X-Forwarded-For does not name the client by an IP address')));
  });
}
