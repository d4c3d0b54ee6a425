import { ErrorCode, SesameError } from '@sesame/domain';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export function errorBody(err: SesameError): ErrorBody {
  return { error: err.toJSON() };
}
