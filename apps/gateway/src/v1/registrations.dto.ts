import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsIP, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ContextData, MAX_TTL_SECONDS } from '@sesame/domain';
import { IsContextData } from './is-context-data';

/** Auth Armor's magiclink_email registration start body, field for field (docs/registration.md). */
export class StartRegistrationDto {
  @ApiProperty({ description: 'The address to register; for a new user it must not be in use (409 email_in_use).' })
  @IsEmail({}, { message: 'email_address must be a valid email address' }) @MaxLength(320)
  email_address!: string;

  @ApiPropertyOptional({ default: 300, maximum: MAX_TTL_SECONDS, description: 'How long the email is valid; 0 or absent: the policy\'s registration lifetime (300 s by default).' })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_TTL_SECONDS)
  timeout_in_seconds?: number;

  @ApiProperty({ description: 'Where the email\'s button leads, with ?registration_validation_token=…; must be on the redirect allow-list.' })
  @IsString() @MinLength(1) @MaxLength(2048)
  registration_redirect_url!: string;

  @ApiPropertyOptional({ example: 'Register', description: 'Subject "<action_name> at <app name>" and the button\'s text.' })
  @IsOptional() @IsString() @MaxLength(100)
  action_name?: string;

  @ApiPropertyOptional({ description: 'A short message shown in the email.' })
  @IsOptional() @IsString() @MaxLength(500)
  short_msg?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }, description: 'Flat; values keep their JSON type. Returned at validation.' })
  @IsOptional() @IsObject() @IsContextData()
  context_data?: ContextData;

  @ApiPropertyOptional({ description: 'When given, validation must present the same IP address.' })
  @IsOptional() @IsIP()
  ip_address?: string;

  @ApiPropertyOptional({ description: 'When given, validation must present the same user agent.' })
  @IsOptional() @IsString() @MaxLength(512)
  user_agent?: string;
}

/** Native only: `user_id` starts the existing-user flow (Auth Armor puts it in the path). */
export class StartNativeRegistrationDto extends StartRegistrationDto {
  @ApiPropertyOptional({ description: 'Existing-user flow: this user gains the address as their magic-link email.' })
  @IsOptional() @IsUUID('all', { message: 'user_id must be a UUID' })
  user_id?: string;
}

export class ValidateRegistrationDto {
  @ApiProperty({ description: 'The registration_validation_token query value of the redirect.' })
  @IsString() @MinLength(1) @MaxLength(256)
  registration_validation_token!: string;

  @ApiPropertyOptional() @IsOptional() @IsIP()
  ip_address?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(512)
  user_agent?: string;
}

export class AuthArmorUserParam {
  @ApiProperty({ format: 'uuid', description: 'A Sesame user.' })
  @IsUUID('all', { message: 'user_id must be the UUID of a Sesame user' })
  user_id!: string;
}
