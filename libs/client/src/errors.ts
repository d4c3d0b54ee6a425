/**
 * Every failure the client reports is a `SesameError`: an answer of the API (`status` ≥ 400 and
 * the API's stable `code`), or a request that got no answer (`SesameConnectionError`, status 0).
 */
export class SesameError extends Error {
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number;
  /** The API's stable error code (`validation_failed`, `expired`, `rate_limited`, …; docs/api.md#errors). */
  readonly code: string;
  /** The API's `details`, e.g. `fields` for `validation_failed`. */
  readonly details?: Record<string, unknown>;
  /** The gateway's `x-request-id` for this answer: quote it when asking the operator about a request. */
  readonly requestId?: string;
  /** Seconds the API asked to wait before trying again (`Retry-After` of a 429 or 503). */
  readonly retryAfter?: number;

  constructor(init: SesameErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }
}

export interface SesameErrorInit {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  requestId?: string;
  retryAfter?: number;
  cause?: unknown;
}

/** `429 rate_limited`: wait `retryAfter` seconds before asking again. */
export class RateLimitedError extends SesameError {
  /** Seconds to wait, from `Retry-After` (or the body's `details.retry_after`). */
  declare readonly retryAfter: number;

  constructor(init: SesameErrorInit & { retryAfter: number }) {
    super(init);
  }
}

export type ConnectionErrorCode =
  /** Nothing listens at the address: the request was never sent. */
  | 'connection_refused'
  /** The connection failed or closed before an answer (the request may have been processed). */
  | 'network_error'
  /** No answer within `timeoutMs` (the request may have been processed). */
  | 'timeout';

/** The request got no HTTP answer. `status` is 0. */
export class SesameConnectionError extends SesameError {
  declare readonly code: ConnectionErrorCode;

  constructor(code: ConnectionErrorCode, message: string, cause?: unknown) {
    super({ status: 0, code, message, cause });
  }
}
