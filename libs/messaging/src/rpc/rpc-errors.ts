import { ErrorCode, SesameError } from '@sesame/domain';

/** The RPC could not be completed: Redis is down, no replica answered in time, or the client closed. */
export class RpcUnavailableError extends Error {
  readonly code = 'service_unavailable' as const;

  constructor(reason: string) {
    super(`RPC unavailable: ${reason}`);
    this.name = 'RpcUnavailableError';
  }
}

/** No reply within the client's timeout: the request may still run (until its deadline passes). */
export class RpcTimeoutError extends RpcUnavailableError {
  constructor(reason: string) {
    super(reason);
    this.name = 'RpcTimeoutError';
  }
}

/** The remote handler answered with an error (a SesameError on the server side). */
export class RpcRemoteError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RpcRemoteError';
  }
}

/** Maps whatever an RPC call rejected with to the error the HTTP layer answers with. */
export function toSesameError(err: unknown): SesameError {
  if (err instanceof SesameError) return err;
  if (err instanceof RpcRemoteError) return new SesameError(err.code, err.message, err.details);
  if (err instanceof RpcUnavailableError) return new SesameError('service_unavailable', 'The service is temporarily unavailable');
  return new SesameError('internal_error', 'Internal error');
}
