import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_ACTION_NAME_LENGTH, MAX_SHORT_MESSAGE_LENGTH } from '@sesame/domain';

// The template rules (required fields, lengths, variables, forbidden markup) are checked in
// token-service with validateTemplates, so every issue comes back at once as `invalid_template`.

export class PutTemplateDto {
  @ApiProperty({ example: 'Sign in to {{app_name}}' }) @IsOptional() @IsString()
  subject?: string;

  @ApiProperty({ example: '<p>Hello! <a href="{{link}}">Sign in to {{app_name}}</a>, {{expires_in}}.</p>' }) @IsOptional() @IsString()
  html?: string;

  @ApiProperty({ example: 'Sign in to {{app_name}}: {{link}}' }) @IsOptional() @IsString()
  text?: string;
}

/** Without subject, html and text: the saved override (or the default) is rendered. */
export class PreviewTemplateDto {
  @ApiPropertyOptional() @IsOptional() @IsString()
  subject?: string;

  @ApiPropertyOptional() @IsOptional() @IsString()
  html?: string;

  @ApiPropertyOptional() @IsOptional() @IsString()
  text?: string;

  @ApiPropertyOptional({ maxLength: MAX_ACTION_NAME_LENGTH, example: 'Approve transfer' })
  @IsOptional() @IsString() @MaxLength(MAX_ACTION_NAME_LENGTH)
  action_name?: string;

  @ApiPropertyOptional({ maxLength: MAX_SHORT_MESSAGE_LENGTH })
  @IsOptional() @IsString() @MaxLength(MAX_SHORT_MESSAGE_LENGTH)
  short_message?: string;
}

export class TestSendTemplateDto {
  @ApiProperty({ example: 'ada@acme.com' })
  @IsString() @MaxLength(320) @IsEmail({}, { message: 'to must be an email address' })
  to!: string;
}
