/**
 * A failed send. `permanent` means retrying cannot help (bad request, bad credentials); otherwise
 * the job is retried, after `retryAfterMs` when the provider said how long to wait.
 * Messages must never carry the message body, the link or a credential.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Any error from a transport's send, as a TransportError; an unexpected one is retryable. */
export function asTransportError(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  return new TransportError(`send failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300), false);
}
