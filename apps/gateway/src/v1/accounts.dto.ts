import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { AUTH_FLOW_KINDS, AuthFlowKind, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@sesame/domain';

export class SetPasswordDto {
  @ApiProperty({ nullable: true, minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, description: 'null removes the password.' })
  @ValidateIf((o) => o.password !== null)
  @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string | null;
}

export class CreateApplicationDto {
  @ApiProperty({ maxLength: 200 })
  @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: AUTH_FLOW_KINDS, description: 'magic_link alone, or a password first factor then a magic-link second factor.' })
  @IsIn(AUTH_FLOW_KINDS, { message: `auth_flow must be one of ${AUTH_FLOW_KINDS.join(', ')}` })
  auth_flow!: AuthFlowKind;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'Where the flow\'s login link leads; on the redirect allow-list.' })
  @IsOptional() @IsString() @MaxLength(2048)
  redirect_url?: string | null;
}

export class UpdateApplicationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: AUTH_FLOW_KINDS })
  @IsOptional() @IsIn(AUTH_FLOW_KINDS, { message: `auth_flow must be one of ${AUTH_FLOW_KINDS.join(', ')}` })
  auth_flow?: AuthFlowKind;

  @ApiPropertyOptional()
  @IsOptional() @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((o) => o.redirect_url !== null && o.redirect_url !== undefined)
  @IsString() @MaxLength(2048)
  redirect_url?: string | null;
}

export class StartAuthFlowDto {
  @ApiProperty({ description: 'The application\'s id or name.' })
  @IsString() @MinLength(1) @MaxLength(200)
  application!: string;

  @ApiProperty()
  @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ description: 'The first factor, for applications whose flow starts with a password.' })
  @IsOptional() @IsString() @MaxLength(MAX_PASSWORD_LENGTH)
  password?: string;

  @ApiPropertyOptional({ example: 'en' })
  @IsOptional() @IsString() @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'language must be a BCP 47 tag such as en or pt-BR' })
  language?: string;
}

export class UuidParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class ExchangePasswordResetDto {
  @ApiPropertyOptional({ description: 'The token of a password_reset link (the part after /l/). Give token or code.' })
  @ValidateIf((o) => o.code === undefined)
  @IsString() @MinLength(1) @MaxLength(256)
  token?: string;

  @ApiPropertyOptional({ description: 'The `code` the hosted page appended to the redirect (policy passwords.reset_mode = reset_grant).' })
  @ValidateIf((o) => o.token === undefined)
  @IsString() @MinLength(1) @MaxLength(256)
  code?: string;
}

export class CompletePasswordResetDto {
  @ApiProperty({ description: 'The grant from /v1/password-resets/exchange; valid 10 minutes, once.' })
  @IsString() @MinLength(1) @MaxLength(256)
  reset_grant!: string;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH, description: 'Sesame stores it; leave out when you keep passwords yourself.' })
  @IsOptional() @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(MAX_PASSWORD_LENGTH)
  password?: string;
}
