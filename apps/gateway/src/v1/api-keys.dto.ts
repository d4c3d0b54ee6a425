import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength,
} from 'class-validator';
import { GRANTABLE_SCOPES, GrantableScope, SesameError } from '@sesame/domain';

/** Longest a key may be created for, and longest a rotated key may keep working. */
export const MAX_KEY_LIFETIME_SECONDS = 10 * 365 * 86_400;
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 86_400;
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

export class CreateApiKeyDto {
  @ApiProperty({ example: 'backend' }) @IsString() @MinLength(1) @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: GRANTABLE_SCOPES, isArray: true, description: 'Sesame scopes, or Entrust permission names (MAGICLINKS:ADD, …) which map onto them.' })
  @IsArray() @ArrayMinSize(1) @ArrayUnique()
  @IsIn(GRANTABLE_SCOPES, { each: true, message: `each scope must be one of ${GRANTABLE_SCOPES.join(', ')}` })
  scopes!: GrantableScope[];

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', description: 'ISO 8601, in the future (at most 10 years); the key is refused from then on. Not with expires_in_seconds.' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'expires_at must be an ISO 8601 date-time' })
  expires_at?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_KEY_LIFETIME_SECONDS, description: 'Lifetime from now. Not with expires_at.' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_KEY_LIFETIME_SECONDS)
  expires_in_seconds?: number;
}

/** The key's expiry as an ISO string, or undefined; 400 `validation_failed` when it is not in the window. */
export function expiryOf(dto: CreateApiKeyDto, now = Date.now()): string | undefined {
  if (dto.expires_at !== undefined && dto.expires_in_seconds !== undefined) {
    throw new SesameError('validation_failed', 'Give expires_at or expires_in_seconds, not both');
  }
  if (dto.expires_in_seconds !== undefined) return new Date(now + dto.expires_in_seconds * 1000).toISOString();
  if (dto.expires_at === undefined) return undefined;
  const at = Date.parse(dto.expires_at);
  if (at <= now || at > now + MAX_KEY_LIFETIME_SECONDS * 1000) {
    throw new SesameError('validation_failed', 'expires_at must be in the future and at most 10 years away', { field: 'expires_at' });
  }
  return new Date(at).toISOString();
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({
    minimum: 0, maximum: MAX_ROTATION_OVERLAP_SECONDS, default: DEFAULT_ROTATION_OVERLAP_SECONDS,
    description: 'How long the old key keeps working (default 24 h, at most 7 days); 0 revokes it at once.',
  })
  @IsOptional() @IsInt() @Min(0) @Max(MAX_ROTATION_OVERLAP_SECONDS)
  overlap_seconds?: number;
}

export class ListApiKeysQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;
}

export class ApiKeyIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
