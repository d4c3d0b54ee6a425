import { Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC exception handler turns every error that is not an RpcException into a bare
 * "Internal server error". Pass errors through untouched instead: the Redis Streams transport
 * sends SesameError codes to the gateway and logs (then hides) anything else.
 */
@Catch()
export class PassThroughRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
