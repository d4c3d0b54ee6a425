import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean, IsEmail, IsIn, IsInt, IsIP, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength,
  ValidateIf,
} from 'class-validator';
import {
  BCP47_TAG, ContextData, DELIVERY_CHANNELS, DeliveryChannel, E164, LINK_STATUSES, LINK_TYPES, LinkStatus, LinkType, MAX_ACTION_NAME_LENGTH,
  MAX_SHORT_MESSAGE_LENGTH, MAX_TTL_SECONDS, MIN_TTL_SECONDS, SUPPORTED_LANGUAGES,
} from '@sesame/domain';
import { IsContextData } from './is-context-data';

export class CreateMagicLinkDto {
  @ApiPropertyOptional({ description: 'An existing user. Give exactly one of user_id or email (or phone alone).' })
  @ValidateIf((o) => o.email === undefined && (o.phone === undefined || o.user_id !== undefined))
  @IsUUID('4', { message: 'user_id must be a UUID (or give email instead)' })
  user_id?: string;

  @ApiPropertyOptional({ description: 'The address to send to; an unknown address creates the user.' })
  @ValidateIf((o) => o.user_id === undefined && (o.phone === undefined || o.email !== undefined))
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

  @ApiPropertyOptional({
    example: 'en',
    description: `Language of the message (Passage \`language\`): ${SUPPORTED_LANGUAGES.join(', ')}; a regional tag uses its language (pt-BR → pt). ` +
      'An unsupported one falls back to the user\'s language, then the tenant default, then en.',
  })
  @IsOptional() @IsString() @MaxLength(35) @Matches(BCP47_TAG, { message: 'language must be a BCP 47 tag such as en or pt-BR' })
  language?: string;

  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS, default: 'email', description: 'sms texts the link to `phone` (else the user\'s phone).' })
  @IsOptional() @IsIn(DELIVERY_CHANNELS, { message: `channel must be one of ${DELIVERY_CHANNELS.join(', ')}` })
  channel?: DeliveryChannel;

  @ApiPropertyOptional({ example: '+14155550100', description: 'E.164. The number for channel sms; alone it identifies an existing user by phone.' })
  @IsOptional() @IsString() @Matches(E164, { message: 'phone must be an E.164 number such as +14155550100' })
  phone?: string;

  @ApiPropertyOptional({ maxLength: MAX_ACTION_NAME_LENGTH, example: 'Register', description: 'Subject becomes "<action_name> at <app name>" (Auth Armor).' })
  @IsOptional() @IsString() @MaxLength(MAX_ACTION_NAME_LENGTH)
  action_name?: string;

  @ApiPropertyOptional({ maxLength: MAX_SHORT_MESSAGE_LENGTH, description: 'A short message shown in the email or text (Auth Armor short_msg).' })
  @IsOptional() @IsString() @MaxLength(MAX_SHORT_MESSAGE_LENGTH)
  short_message?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }, description: 'Flat; values keep their JSON type. Returned at verification.' })
  @IsOptional() @IsObject() @IsContextData()
  context_data?: ContextData;

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

  @ApiPropertyOptional({ description: 'PKCE: the code_verifier whose S256 challenge the sign-in request carried (required then).' })
  @IsOptional() @Matches(/^[A-Za-z0-9._~-]{43,128}$/, { message: 'code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~' })
  code_verifier?: string;
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
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'id must be a UUID' })
  id!: string;
}
