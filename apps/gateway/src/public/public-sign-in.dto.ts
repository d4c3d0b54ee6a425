import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsEmail, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { CODE_CHALLENGE_PATTERN, CODE_VERIFIER_PATTERN } from '@sesame/crypto';

export class PublicLinkRequestDto {
  @ApiProperty({ description: 'Where to send the sign-in link.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ description: 'Absolute or relative URL on the tenant allow-list.' })
  @IsOptional() @IsString() @MaxLength(2048)
  redirect_url?: string;

  @ApiPropertyOptional({ description: 'PKCE (RFC 7636): BASE64URL(SHA256(code_verifier)), 43 characters.' })
  @IsOptional()
  @Matches(CODE_CHALLENGE_PATTERN, { message: 'code_challenge must be 43 base64url characters (S256 of the code_verifier)' })
  code_challenge?: string;

  @ApiPropertyOptional({ enum: ['S256'] })
  @ValidateIf((o) => o.code_challenge !== undefined || o.code_challenge_method !== undefined)
  @Equals('S256', { message: 'code_challenge_method must be S256 (plain is not accepted), with a code_challenge' })
  code_challenge_method?: 'S256';
}

export class RequestIdParam {
  @ApiProperty({ description: 'The tenant\'s slug.' })
  @IsString() tenant_slug!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'request_id must be a UUID' })
  request_id!: string;
}

export class SignInCodeDto {
  @ApiProperty({ description: 'The 6-digit code from the email.', example: '042917' })
  @Matches(/^[0-9]{6}$/, { message: 'code must be the 6 digits from the email' })
  code!: string;

  @ApiPropertyOptional({ description: 'PKCE code_verifier: required when the request was made with a code_challenge.' })
  @IsOptional() @Matches(CODE_VERIFIER_PATTERN, { message: 'code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~' })
  code_verifier?: string;
}

export class CodeVerifierDto {
  @ApiPropertyOptional({ description: 'PKCE code_verifier (43-128 characters).' })
  @IsOptional() @Matches(CODE_VERIFIER_PATTERN, { message: 'code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~' })
  code_verifier?: string;
}
