import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ENTRUST_LINK_TYPE_NAMES, EntrustLinkType, normaliseEntrustLinkType } from './entrust-mapping';

/** Entrust's MagicLinkCreateParms. */
export class EntrustMagicLinkCreateDto {
  @ApiPropertyOptional({ default: false, description: 'Email the link (Sesame send=true); otherwise the response carries `url` once.' })
  @IsOptional() @IsBoolean()
  autoSend?: boolean;

  @ApiPropertyOptional({ description: 'Send to this address; it must be one of the user\'s addresses.' })
  @IsOptional() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ description: 'Checked against the tenant\'s allowed redirect URLs (refused while redirects are disabled).' })
  @IsOptional() @IsString() @MaxLength(2048)
  redirectUrl?: string;

  @ApiPropertyOptional({ enum: ENTRUST_LINK_TYPE_NAMES, default: 'REGISTRATION', description: 'Case-insensitive.' })
  @Transform(({ value }) => normaliseEntrustLinkType(value))
  @IsOptional() @IsIn(ENTRUST_LINK_TYPE_NAMES, { message: `type must be one of ${ENTRUST_LINK_TYPE_NAMES.join(', ')}` })
  type?: EntrustLinkType;
}

export class EntrustUserParam {
  @ApiProperty({ format: 'uuid', description: 'A Sesame user.' })
  @IsUUID('all', { message: 'userid must be the UUID of a Sesame user' })
  userid!: string;
}
