import { Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { SesameError } from '@sesame/domain';
import { isDatabaseUnavailable } from '@sesame/persistence';

/**
 * Nest's default RPC exception handler turns every error that is not an RpcException into a bare
 * "Internal server error". Pass errors through untouched instead: the Redis Streams transport
 * sends SesameError codes to the gateway and logs (then hides) anything else. A database that is
 * down, restarting or out of pooled connections becomes `service_unavailable` (503), not a 500.
 */
@Catch()
export class PassThroughRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    if (isDatabaseUnavailable(exception)) {
      return throwError(() => new SesameError('service_unavailable', 'The database is temporarily unavailable'));
    }
    return throwError(() => exception);
  }
}
