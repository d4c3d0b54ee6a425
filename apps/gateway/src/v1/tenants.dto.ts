import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from './webhook-endpoints.dto';

export class CreateTenantDto {
  @ApiProperty({ example: 'Acme' }) @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'https://app.acme.com', description: 'Where relative redirects resolve and the default landing.' })
  @IsString() @MaxLength(2048)
  app_origin!: string;

  @ApiPropertyOptional({ type: [String], description: 'Up to 20; giving any enables redirects.' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(2048, { each: true })
  allowed_redirect_urls?: string[];

  @ApiPropertyOptional({ example: 'ada@acme.com', description: 'The tenant\'s first console admin (signs in to /console with a magic link).' })
  @IsOptional() @IsEmail({}, { message: 'console_admin_email must be an email address' }) @MaxLength(320)
  console_admin_email?: string;
}

export class ListTenantsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Case-insensitive substring of the name or slug.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  q?: string;
}

export class UpdateTenantDto {
  @ApiPropertyOptional({ example: 'Acme Inc' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'true refuses the tenant\'s keys, public endpoints and links (403 tenant_disabled); false restores them.' })
  @IsOptional() @IsBoolean()
  disabled?: boolean;
}

export class TenantIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
