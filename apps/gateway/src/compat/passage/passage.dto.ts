import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { E164, PASSAGE_LINK_TYPE_NAMES, PASSAGE_MAX_TTL_MINUTES, PassageLinkType } from '@sesame/domain';

export const PASSAGE_CHANNELS = ['email', 'phone'] as const;
export type PassageChannel = (typeof PASSAGE_CHANNELS)[number];

/** Passage's CreateMagicLinkBody, field for field (docs/passage.md). */
export class PassageCreateMagicLinkDto {
  @ApiPropertyOptional({ description: 'The user (Sesame user id). Give one of user_id, email, phone.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  user_id?: string;

  @ApiPropertyOptional({ description: 'The user\'s email; an unknown address creates the user.' })
  @IsOptional() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: '+11234567890', description: 'E.164.' })
  @IsOptional() @IsString() @Matches(E164, { message: 'phone must be an E.164 number such as +11234567890' })
  phone?: string;

  @ApiPropertyOptional({ description: 'Where to go after authentication; on the redirect allow-list (paths resolve against the app origin).' })
  @IsOptional() @IsString() @MaxLength(2048)
  redirect_url?: string;

  @ApiPropertyOptional({ description: 'The page that processes the link; default the app\'s login URL (its origin).' })
  @IsOptional() @IsString() @MaxLength(2048)
  magic_link_path?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional() @IsBoolean()
  send?: boolean;

  @ApiPropertyOptional({ enum: PASSAGE_CHANNELS, description: 'Required when send is true.' })
  @IsOptional() @IsIn(PASSAGE_CHANNELS, { message: 'channel must be "email" or "phone"' })
  channel?: PassageChannel;

  @ApiPropertyOptional({ minimum: 1, maximum: PASSAGE_MAX_TTL_MINUTES, description: 'Minutes; default the link type\'s lifetime in the policy.' })
  // Passage's SDKs and form-encoding clients send "120" as often as 120.
  @Transform(({ value }) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value))
  @IsOptional() @IsInt({ message: 'ttl must be a whole number of minutes' }) @Min(1) @Max(PASSAGE_MAX_TTL_MINUTES)
  ttl?: number;

  @ApiPropertyOptional({ description: 'Unsupported languages fall back to the default.' })
  @IsOptional() @IsString() @MaxLength(35)
  language?: string;

  @ApiPropertyOptional({ enum: PASSAGE_LINK_TYPE_NAMES, default: 'login' })
  @IsOptional() @IsIn(PASSAGE_LINK_TYPE_NAMES, { message: 'type must be "login" or "verify_identifier"' })
  type?: PassageLinkType;
}

export class PassageAppParam {
  @ApiProperty({ minLength: 1, maxLength: 64, description: 'The Passage app id (docs/passage.md).' })
  @IsString() @MinLength(1) @MaxLength(64)
  app_id!: string;
}
