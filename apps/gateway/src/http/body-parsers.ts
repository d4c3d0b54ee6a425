import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SesameError } from '@sesame/domain';
import { problemPage } from '../pages/link-pages';
import { PAGE_HEADERS } from '../pages/html';
import { errorBody } from './error-body';

/**
 * Route options (`@RouteConfig(...)`) a route uses to receive its body as it arrived: `rawBody`
 * hands the handler the JSON body as an unparsed Buffer (a signature over the exact bytes is checked
 * before anything is parsed), `bodyLimit` overrides BODY_LIMIT_BYTES for that route.
 */
export interface BodyRouteConfig {
  rawBody?: boolean;
  bodyLimit?: number;
}

/**
 * Our own body parsers, so malformed JSON is a stable `400 malformed_json` (Fastify's parser error
 * reaches Nest's filters only as a bare 400) and hosted-page forms are accepted. What they parse is
 * held to the nesting, length and character limits by InputSafetyGuard before any validation: a
 * guard rather than here, so vendor-compatible routes answer in their own error shape.
 */
export function installBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  // Routes are registered by app.listen(), after this hook is installed.
  fastify.addHook('onRoute', (route) => {
    const limit = (route.config as BodyRouteConfig | undefined)?.bodyLimit;
    if (limit !== undefined) route.bodyLimit = limit;
  });
  fastify.removeContentTypeParser('application/json');
  // application/merge-patch+json (RFC 7396): what PATCH /v1/policy takes, as plain JSON too.
  fastify.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    if ((req.routeOptions.config as BodyRouteConfig | undefined)?.rawBody) return done(null, body);
    const text = body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new SesameError('malformed_json', 'The request body is not valid JSON'), undefined);
    }
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
}

/**
 * Errors Fastify's router raises before any handler (malformed percent-encoding, over-long path
 * parameters): a JSON error body for the API, an HTML page for hosted links — never the raw
 * Fastify message, which echoes the path (and so a token).
 */
export function frameworkErrors(_err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  if (req.url.startsWith('/l/')) {
    const p = problemPage('invalid');
    void reply.status(p.status).headers(PAGE_HEADERS).send(p.html);
    return;
  }
  void reply.status(400).header('cache-control', 'no-store').send(errorBody(new SesameError('invalid_request', 'The request URL is malformed')));
}
