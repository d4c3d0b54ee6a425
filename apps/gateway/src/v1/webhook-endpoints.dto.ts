import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf,
} from 'class-validator';
import { EVENT_TYPES } from '@sesame/domain';
import { IsOmittable } from '../http/validation';

const EVENTS_DOC = { example: ['magiclink.email.sent', 'magiclink.consumed'], description: `Event types, or "*" for all: ${EVENT_TYPES.join(', ')}` };

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://api.acme.com/webhooks/sesame', description: 'A public http(s) URL without credentials.' })
  @IsString() @MaxLength(2048)
  url!: string;

  @ApiProperty(EVENTS_DOC)
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(EVENT_TYPES.length + 1) @IsString({ each: true })
  events!: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  // Left out means unchanged; null is no URL, event list or state at all, so it is refused.
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional(EVENTS_DOC)
  @IsOmittable() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(EVENT_TYPES.length + 1) @IsString({ each: true })
  events?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'null removes it.' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ description: 'true re-enables an endpoint disabled by a 410 or by 5 days of failures.' })
  @IsOmittable() @IsBoolean()
  enabled?: boolean;
}

export class PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;
}

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'succeeded', 'failed'] })
  @IsOptional() @IsIn(['pending', 'succeeded', 'failed'])
  status?: 'pending' | 'succeeded' | 'failed';
}

export class EndpointIdParam {
  @ApiProperty({ format: 'uuid', description: 'The endpoint.' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class DeliveryIdParams extends EndpointIdParam {
  @ApiProperty({ pattern: '^msg_[A-Za-z0-9_-]{1,60}$', description: 'The delivery\'s webhook-id.' })
  @Matches(/^msg_[A-Za-z0-9_-]{1,60}$/, { message: 'deliveryId must be a webhook-id (msg_…)' })
  deliveryId!: string;
}
