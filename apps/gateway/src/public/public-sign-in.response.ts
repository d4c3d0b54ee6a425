import { ApiPropertyOptional } from '@nestjs/swagger';
import type { SignInCodeResponse, SignInStatus, SignInStatusResponse } from '@sesame/messaging';
import { OneOf, Text, Timestamp, Uuid } from '../openapi/schema-props';
import type { LinkRequestAccepted } from './sign-in-requests.service';

const SIGN_IN_STATUSES: readonly SignInStatus[] = ['pending', 'approved', 'completed', 'expired', 'failed'];

export class SignInRequestAccepted implements LinkRequestAccepted {
  @Uuid() request_id!: string;
  @Text({ description: 'Shown on the asking screen and in the email, to compare.' }) match_code!: string;
}

export class SignInRequestStatus implements SignInStatusResponse {
  @Uuid() request_id!: string;
  @OneOf(SIGN_IN_STATUSES) status!: SignInStatus;
  @Text() match_code!: string;
  @Timestamp() expires_at!: string;
  @ApiPropertyOptional({ description: 'Only in the answer that moves an approved request to completed: exchange it with POST /v1/magic-links/exchange.' })
  code?: string;
  @ApiPropertyOptional({ description: 'With `code`: the redirect URL with `?code=` appended.' })
  redirect_to?: string;
}

export class SignInCodeAccepted implements SignInCodeResponse {
  @Text({ description: 'One-time exchange code (60 s) for POST /v1/magic-links/exchange.' }) code!: string;
  @Text() redirect_to!: string;
}
