import { Catch, RpcExceptionFilter } from '@nestjs/common';
import type { Logger } from 'pino';
import { Observable, throwError } from 'rxjs';
import { SesameError } from '@sesame/domain';
import { isDatabaseUnavailable, refusedInputSqlState } from '@sesame/persistence';

/**
 * Nest's default RPC exception handler turns every error that is not an RpcException into a bare
 * "Internal server error". Pass errors through untouched instead: the Redis Streams transport
 * sends SesameError codes to the gateway and logs (then hides) anything else. A database that is
 * down, restarting or out of pooled connections becomes `service_unavailable` (503), not a 500;
 * a value Postgres cannot store becomes `invalid_request` (400).
 */
@Catch()
export class PassThroughRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Pick<Logger, 'warn'>) {}

  catch(exception: unknown): Observable<never> {
    if (isDatabaseUnavailable(exception)) {
      return throwError(() => new SesameError('service_unavailable', 'The database is temporarily unavailable'));
    }
    const sqlState = refusedInputSqlState(exception);
    if (sqlState) {
      // A warning, not an error: the caller is answered 400, but the gateway's input check let it through.
      this.logger.warn({ err: exception, sqlState }, 'database refused a request value');
      return throwError(() => new SesameError('invalid_request', 'The request holds a value that cannot be stored'));
    }
    return throwError(() => exception);
  }
}
