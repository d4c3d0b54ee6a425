import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { startSpan, TraceSpan, tracingEnabled } from '@sesame/observability';

/**
 * One server span per request, named by method and route pattern (never the raw URL: /l/<token>
 * holds a token), the root of the trace that RPC calls and jobs continue. A caller's W3C
 * `traceparent` header makes it that caller's child. Nothing is installed while tracing is off.
 */
export function installRequestTracing(fastify: FastifyInstance): void {
  if (!tracingEnabled()) return;
  const spans = new WeakMap<FastifyRequest, TraceSpan>();
  fastify.addHook('onRequest', (req, _reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const header = req.headers.traceparent;
    const span = startSpan(`${req.method} ${route}`, {
      kind: 'server',
      parent: typeof header === 'string' ? header : undefined,
      attributes: { [ATTR_HTTP_REQUEST_METHOD]: req.method, [ATTR_HTTP_ROUTE]: route },
    });
    if (span) spans.set(req, span);
    done();
  });
  // Activated where the request context is (preValidation, after body parsing): see request-context.ts.
  fastify.addHook('preValidation', (req, _reply, done) => {
    const span = spans.get(req);
    if (span) span.run(done);
    else done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const span = spans.get(req);
    if (span) {
      span.setAttributes({ [ATTR_HTTP_RESPONSE_STATUS_CODE]: reply.statusCode });
      span.end(reply.statusCode >= 500 ? `HTTP ${reply.statusCode}` : undefined);
    }
    done();
  });
}
