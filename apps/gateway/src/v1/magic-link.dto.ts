import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean, IsEmail, IsIn, IsInt, IsIP, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength,
  ValidateIf,
} from 'class-validator';
import { LINK_STATUSES, LINK_TYPES, LinkStatus, LinkType, MAX_TTL_SECONDS, MIN_TTL_SECONDS } from '@sesame/domain';
import { IsStringMap } from './is-string-map';

export class CreateMagicLinkDto {
  @ApiPropertyOptional({ description: 'An existing user. Give exactly one of user_id or email.' })
  @ValidateIf((o) => o.email === undefined)
  @IsUUID('4', { message: 'user_id must be a UUID (or give email instead)' })
  user_id?: string;

  @ApiPropertyOptional({ description: 'The address to send to; an unknown address creates the user.' })
  @ValidateIf((o) => o.user_id === undefined)
  @IsEmail({}, { message: 'email must be a valid email address (or give user_id instead)' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: LINK_TYPES, default: 'login' })
  @IsOptional()
  @IsIn(LINK_TYPES, { message: `type must be one of ${LINK_TYPES.join(', ')}` })
  type?: LinkType;

  @ApiPropertyOptional({ description: 'Absolute or relative URL on the tenant allow-list.' })
  @IsOptional() @IsString() @MaxLength(2048)
  redirect_url?: string;

  @ApiPropertyOptional({ minimum: MIN_TTL_SECONDS, maximum: MAX_TTL_SECONDS, description: 'Default depends on type (login 600).' })
  @IsOptional() @IsInt() @Min(MIN_TTL_SECONDS) @Max(MAX_TTL_SECONDS)
  ttl_seconds?: number;

  @ApiPropertyOptional({ default: true, description: 'false: nothing is sent and the response includes `url` (once).' })
  @IsOptional() @IsBoolean()
  send?: boolean;

  @ApiPropertyOptional({ example: 'en' })
  @IsOptional() @IsString() @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'language must be a BCP 47 tag such as en or pt-BR' })
  language?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'Returned at verification.' })
  @IsOptional() @IsObject() @IsStringMap()
  context_data?: Record<string, string>;

  @ApiPropertyOptional({ description: 'Bind the link to this client IP: verification must present the same.' })
  @IsOptional() @IsIP()
  ip_address?: string;

  @ApiPropertyOptional({ description: 'Bind the link to this user agent: verification must present the same.' })
  @IsOptional() @IsString() @MaxLength(512)
  user_agent?: string;
}

export class AuthenticateDto {
  @ApiProperty({ description: 'The token from the link (the part after /l/).' })
  @IsString() @MinLength(1) @MaxLength(256)
  token!: string;

  @ApiPropertyOptional() @IsOptional() @IsIP()
  ip_address?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(512)
  user_agent?: string;
}

export class ExchangeDto {
  @ApiProperty({ description: 'The `code` query parameter the hosted page appended to the redirect.' })
  @IsString() @MinLength(1) @MaxLength(256)
  code!: string;
}

export class ListMagicLinksQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('4')
  user_id?: string;

  @ApiPropertyOptional({ enum: LINK_STATUSES }) @IsOptional() @IsIn(LINK_STATUSES)
  status?: LinkStatus;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;
}

export class IdParam {
  @IsUUID('4', { message: 'id must be a UUID' })
  id!: string;
}
