import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { runWithContext } from '@sesame/observability';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request a correlation id (the caller's `x-request-id` when well-formed) that follows
 * it through RPC into token-service and the jobs it creates; logs one line per request with the
 * route pattern — never the raw URL, which for /l/<token> holds a token.
 */
export function installRequestContext(fastify: FastifyInstance, logger: Logger, duration: Histogram<string>, budgetMs: number): void {
  // preValidation, not onRequest: body parsing runs in stream callbacks that would drop the context.
  fastify.addHook('preValidation', (req, reply, done) => {
    const header = req.headers['x-request-id'];
    const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    void reply.header('x-request-id', id);
    // The budget counts from the request's arrival, so time spent waiting here counts too: an RPC
    // made after the budget is gone fails at once instead of reaching a token-service.
    runWithContext(id, done, Date.now() - reply.elapsedTime + budgetMs);
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const ms = reply.elapsedTime;
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, ms / 1000);
    if (reply.statusCode >= 500 || logger.isLevelEnabled('debug')) {
      logger.info({ method: req.method, route, status: reply.statusCode, ms: Math.round(ms) }, 'request');
    }
    done();
  });
}
