/** The send cannot succeed, ever; the delivery has been marked 'failed'. */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
}

/**
 * Try again later. With `retryAfterMs` the wait is known (rate limit, another worker's claim) and
 * does not count as an attempt; without it the queue's backoff applies.
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';

  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
