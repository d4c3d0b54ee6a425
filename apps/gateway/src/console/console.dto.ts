import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { CONSOLE_ROLES, ConsoleRoleName } from '@sesame/messaging';
import { IsOmittable } from '../http/validation';
import { PageQuery } from '../v1/webhook-endpoints.dto';

export class ConsoleSignInDto {
  @ApiProperty({ example: 'acme', description: 'The tenant\'s slug.' })
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'tenant must be a tenant slug (lower-case letters, digits and dashes)' })
  tenant!: string;

  @ApiProperty({ example: 'ada@acme.com' }) @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(320)
  email!: string;
}

export class ConsoleCallbackQuery {
  @IsOptional() @IsUUID('all') tenant?: string;
  @IsOptional() @IsString() @MaxLength(200) code?: string;
}

export class CreateConsoleUserDto {
  @ApiProperty({ example: 'grace@acme.com' }) @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: CONSOLE_ROLES }) @IsIn(CONSOLE_ROLES, { message: `role must be one of ${CONSOLE_ROLES.join(', ')}` })
  role!: ConsoleRoleName;
}

export class UpdateConsoleUserDto {
  @ApiPropertyOptional({ enum: CONSOLE_ROLES }) @IsOmittable() @IsIn(CONSOLE_ROLES, { message: `role must be one of ${CONSOLE_ROLES.join(', ')}` })
  role?: ConsoleRoleName;

  @ApiPropertyOptional({ description: 'true ends the user\'s sessions at once and refuses new sign-ins.' })
  @IsOmittable() @IsBoolean()
  disabled?: boolean;
}

export class ListConsoleUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Case-insensitive substring of the email.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(320)
  q?: string;
}

export class ConsoleUserIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
