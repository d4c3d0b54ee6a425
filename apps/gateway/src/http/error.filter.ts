import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { ErrorCode, SesameError } from '@sesame/domain';
import { LOGGER } from '@sesame/observability';
import { errorBody } from './error-body';

const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited', 503: 'service_unavailable',
};

/**
 * Nest's router says "Cannot GET /l/<token>/x": the path, and so a token, would be echoed to the
 * caller and to anything that logs response bodies. These statuses answer a fixed sentence instead.
 */
const GENERIC_MESSAGES: Record<number, string> = {
  404: 'No such resource',
  405: 'This method is not allowed on this resource',
};

/** Every error leaves as `{ error: { code, message, details? } }` with the code's status. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const err = this.toSesameError(exception);
    if (err.status >= 500 && err.code !== 'service_unavailable') {
      // The logger's err serializer keeps a database error to its SQLSTATE and constraint (no parameters).
      this.logger.error({ err: exception instanceof Error ? exception : String(exception) }, 'unhandled error');
    }
    if (err.code === 'service_unavailable') void reply.header('retry-after', '1');
    if (err.code === 'rate_limited') void reply.header('retry-after', String(err.details?.retry_after ?? 1));
    void reply.status(err.status).header('cache-control', 'no-store').send(this.body(err));
  }

  /** The JSON an error leaves as; a vendor-compatible API may answer in its vendor's shape. */
  protected body(err: SesameError): unknown {
    return errorBody(err);
  }

  private toSesameError(exception: unknown): SesameError {
    if (exception instanceof SesameError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_CODES[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
      return new SesameError(code, GENERIC_MESSAGES[status] ?? (status >= 500 ? 'Internal error' : exception.message));
    }
    return new SesameError('internal_error', 'Internal error');
  }
}
