import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '@sesame/domain';
import type { ErrorBody as ErrorBodyShape } from '../http/error-body';

type ErrorFields = ErrorBodyShape['error'];

export class ErrorBody implements ErrorFields {
  @ApiProperty({ enum: Object.keys(ERROR_STATUS), description: 'Stable: branch on this, not on the message.', example: 'validation_failed' })
  code!: ErrorCode;

  @ApiProperty({ description: 'For people; may change between versions.', example: 'email must be a valid email address' })
  message!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Facts about this error (e.g. `required` for insufficient_scope, `retry_after` for rate_limited).' })
  details?: Record<string, unknown>;
}

/** Every error the API answers with, whatever the status. */
export class ErrorResponse implements ErrorBodyShape {
  @ApiProperty({ type: ErrorBody })
  error!: ErrorBody;
}
