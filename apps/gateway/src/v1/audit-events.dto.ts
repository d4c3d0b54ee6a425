import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListAuditEventsQuery {
  @ApiPropertyOptional({ description: 'Event types, comma-separated: magiclink.created,policy.updated' })
  @IsOptional() @IsString() @MaxLength(1000)
  @Matches(/^[a-z_]+(\.[a-z_]+)*(,[a-z_]+(\.[a-z_]+)*)*$/, { message: 'type must be event types separated by commas, such as magiclink.created,magiclink.consumed' })
  type?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'user_id must be a UUID' })
  user_id?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'link_id must be a UUID' })
  link_id?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, inclusive.' }) @IsOptional() @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive.' }) @IsOptional() @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date-time' })
  until?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;
}
