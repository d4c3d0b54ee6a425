import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { USER_STATUSES, UserStatus } from '@sesame/domain';
import { IsUserAttributes } from './user-attributes.validator';

const ATTRIBUTES_DOC = { type: 'object', additionalProperties: true, example: { department: 'sales', work_email: 'ada@corp.example' } } as const;

export class CreateUserDto {
  @ApiProperty({ example: 'ada@example.com' }) @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ enum: USER_STATUSES, default: 'active', description: 'A disabled user gets no link and cannot use one already sent.' })
  @IsOptional() @IsIn(USER_STATUSES, { message: `status must be one of ${USER_STATUSES.join(', ')}` })
  status?: UserStatus;

  @ApiPropertyOptional({ ...ATTRIBUTES_DOC, description: 'Free-form; the policy may name one holding the magic-link address.' })
  @IsOptional() @IsUserAttributes()
  attributes?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Where this user\'s magic links go, over the policy\'s email attribute.' })
  @IsOptional() @IsEmail({}, { message: 'magic_link_email must be a valid email address' }) @MaxLength(320)
  magic_link_email?: string;
}

/** Only the fields given change. */
export class UpdateUserDto {
  @ApiPropertyOptional() @ValidateIf((o) => o.email !== undefined)
  @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: USER_STATUSES }) @ValidateIf((o) => o.status !== undefined)
  @IsIn(USER_STATUSES, { message: `status must be one of ${USER_STATUSES.join(', ')}` })
  status?: UserStatus;

  @ApiPropertyOptional({ ...ATTRIBUTES_DOC, description: 'Merged key by key; a key set to null is removed.' })
  @ValidateIf((o) => o.attributes !== undefined) @IsUserAttributes()
  attributes?: Record<string, unknown>;

  @ApiPropertyOptional({ nullable: true, description: 'null removes the override.' })
  @IsOptional() @IsEmail({}, { message: 'magic_link_email must be a valid email address or null' }) @MaxLength(320)
  magic_link_email?: string | null;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ description: 'Exact match, case-insensitive.' }) @IsOptional() @IsEmail() @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: USER_STATUSES }) @IsOptional() @IsIn(USER_STATUSES)
  status?: UserStatus;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;
}

export class UserIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
