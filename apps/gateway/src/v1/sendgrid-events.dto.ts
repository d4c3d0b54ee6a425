import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class SendGridEventsQuery {
  @ApiPropertyOptional({ description: "A tenant's id when the events come from that tenant's own SendGrid account" })
  @IsOptional() @IsUUID('all', { message: 'tenant must be a tenant id (UUID)' })
  tenant?: string;
}
