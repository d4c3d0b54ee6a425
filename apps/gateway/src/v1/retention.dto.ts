import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ListRetentionRunsQuery {
  @ApiPropertyOptional({ description: 'Only this purge: expired-links, used-links, revoked-links, audit-events, …' })
  @IsOptional() @Matches(/^[a-z0-9-]{1,64}$/, { message: 'purge must be a purge name such as expired-links' })
  purge?: string;

  @ApiPropertyOptional({ enum: ['completed', 'failed'] })
  @IsOptional() @IsIn(['completed', 'failed'], { message: 'outcome must be completed or failed' })
  outcome?: 'completed' | 'failed';

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;
}
