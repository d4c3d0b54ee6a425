/**
 * Every error a client can see has a stable code. The HTTP layer maps codes to statuses with
 * ERROR_STATUS and answers `{ error: { code, message, details? } }`; RPC carries the same triple.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  validation_failed: 400,
  malformed_json: 400,
  unknown_type: 400,
  redirect_not_allowed: 400,
  webhook_target_refused: 400,
  unsupported_language: 400,
  invalid_template: 400,
  unauthorized: 401,
  invalid_token: 401,
  expired: 401,
  used: 401,
  revoked: 401,
  invalid_code: 401,
  binding_mismatch: 401,
  invalid_credentials: 401,
  invalid_signature: 401,
  stale_timestamp: 401,
  api_key_expired: 401,
  forbidden: 403,
  insufficient_scope: 403,
  type_disabled: 403,
  user_disabled: 403,
  application_disabled: 403,
  tenant_disabled: 403,
  not_found: 404,
  event_webhook_not_configured: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  idempotency_in_progress: 409,
  email_in_use: 409,
  last_admin_key: 409,
  tenant_deleted: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class SesameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SesameError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}
