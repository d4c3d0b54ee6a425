import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/** The shape per kind is checked in token-service (validateProviderConfig in libs/domain). */
export class PutProviderDto {
  @ApiProperty({ example: 'sendgrid', description: 'email: outbox, sendgrid, smtp; sms: outbox, twilio.' })
  @IsString() @MaxLength(32)
  kind!: string;

  @ApiPropertyOptional({
    example: { host: 'smtp.acme.com', port: 587, username: 'mailer' },
    description: 'Non-secret settings of the kind: smtp host, port, secure, username; twilio account_sid, from; '
      + 'sendgrid event_public_key (the Event Webhook verification key, docs/mail.md#delivery-tracking).',
  })
  @IsOptional() @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: { api_key: 'SG.xxxxx' },
    description: 'Secrets, sealed at rest and never shown again: sendgrid api_key, smtp password, twilio auth_token. '
      + 'Omit them (same kind) to keep the stored ones.',
  })
  @IsOptional() @IsObject()
  credentials?: Record<string, unknown>;
}
