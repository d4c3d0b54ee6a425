import { TransportError } from './transport-error';

/**
 * Maps what the Twilio client rejected with (a RestException with the HTTP status, or a network
 * error) to a TransportError: 429 and 5xx are retried with backoff, other 4xx (bad number,
 * bad credentials, unverified sender) are permanent.
 */
export function classifyTwilioError(err: unknown): TransportError {
  const e = err as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.status === 'number') {
    const detail = typeof e.code === 'number' ? ` (Twilio error ${e.code})` : '';
    const message = `Twilio ${e.status}${detail}`;
    return new TransportError(message, !(e.status === 429 || e.status === 408 || e.status >= 500));
  }
  const cause = typeof e?.code === 'string' ? e.code : typeof e?.message === 'string' ? e.message.slice(0, 200) : 'unknown error';
  return new TransportError(`Twilio request failed: ${cause}`, false);
}
