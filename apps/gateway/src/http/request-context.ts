import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { runWithContext } from '@sesame/observability';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Routes polled by probes and scrapers every few seconds: their lines would bury real traffic. */
const QUIET_ROUTES = /^\/(health|metrics)(\/|$)/;

/**
 * Gives every request a correlation id (the caller's `x-request-id` when well-formed) that follows
 * it through RPC into token-service and the jobs it creates, and writes the gateway's access log:
 * one line per request with the route pattern — never the raw URL, which for /l/<token> holds a
 * token. Probe and scrape routes log at debug, whatever their status: a starting stack's 503s
 * from readiness polls are expected, and readiness failures are the probes' business.
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
    const status = reply.statusCode;
    duration.observe({ method: req.method, route, status: String(status) }, ms / 1000);
    const level = QUIET_ROUTES.test(route) ? 'debug' : 'info';
    if (logger.isLevelEnabled(level)) {
      // onResponse runs outside the request's async context (and a request refused before
      // preValidation never had one), so the id is taken from the response header it was given.
      const requestId = reply.getHeader('x-request-id');
      logger[level]({ method: req.method, route, status, ms: Math.round(ms), requestId }, 'request');
    }
    done();
  });
}
