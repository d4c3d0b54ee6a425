import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { GRANTABLE_SCOPES, GrantableScope } from '@sesame/domain';

export class CreateTenantDto {
  @ApiProperty({ example: 'Acme' }) @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'https://app.acme.com', description: 'Where relative redirects resolve and the default landing.' })
  @IsString() @MaxLength(2048)
  app_origin!: string;

  @ApiPropertyOptional({ type: [String], description: 'Up to 20; giving any enables redirects.' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(2048, { each: true })
  allowed_redirect_urls?: string[];
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'backend' }) @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: GRANTABLE_SCOPES, isArray: true, description: 'Sesame scopes, or Entrust permission names (MAGICLINKS:ADD, …) which map onto them.' })
  @IsArray() @ArrayMinSize(1) @ArrayUnique()
  @IsIn(GRANTABLE_SCOPES, { each: true, message: `each scope must be one of ${GRANTABLE_SCOPES.join(', ')}` })
  scopes!: GrantableScope[];
}
