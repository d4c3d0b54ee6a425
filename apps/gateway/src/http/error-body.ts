import { ErrorCode, SesameError } from '@sesame/domain';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export function errorBody(err: SesameError): ErrorBody {
  return { error: err.toJSON() };
}

/** Fastify's own errors (raised before Nest routes the request) mapped onto stable codes. */
export function fromFastifyError(err: { statusCode?: number; code?: string; message?: string }): SesameError {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new SesameError('payload_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new SesameError('unsupported_media_type', 'Send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new SesameError('malformed_json', 'The request body is not valid JSON');
  }
  if (err.statusCode === 413) return new SesameError('payload_too_large', 'The request body is too large');
  if (err.statusCode === 415) return new SesameError('unsupported_media_type', 'Send application/json');
  if (err.statusCode === 400) return new SesameError('malformed_json', 'The request body could not be parsed');
  if (err.statusCode === 404) return new SesameError('not_found', 'Not found');
  return new SesameError('internal_error', 'Internal error');
}
