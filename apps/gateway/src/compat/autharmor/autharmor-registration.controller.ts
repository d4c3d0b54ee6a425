import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_RPC, Actor, StartRegistrationResponse, ValidateRegistrationResponse } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../../auth/auth.decorators';
import { RpcClient } from '../../http/rpc.client';
import { VerificationLockout } from '../../rate-limits/verification-lockout.service';
import { startRequest, validateRegistration } from '../../v1/registration-requests';
import { AuthArmorUserParam, StartRegistrationDto, ValidateRegistrationDto } from '../../v1/registrations.dto';
import { RegistrationStarted, RegistrationValidated } from '../../v1/accounts.response';
import { ApiErrors } from '../../openapi/api-errors.decorator';

/**
 * Auth Armor API v3 magiclink_email registration, for code written against Auth Armor: set its
 * base URL to `<gateway>/compat/autharmor` and its bearer token to a Sesame API key. Same paths,
 * field names and validation result (docs/registration.md).
 */
@ApiTags('Auth Armor compatible')
@Controller('compat/autharmor/v3/users')
export class AuthArmorRegistrationController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
  ) {}

  @Post('magiclink_email/register/start')
  @HttpCode(200)
  @RequireScope('users:write')
  @ApiResponse({ status: 200, type: RegistrationStarted, description: 'OK' })
  @ApiErrors('conflict', 'email_in_use', 'redirect_not_allowed', 'rate_limited')
  @ApiOperation({ summary: 'Start a magic-link email registration for a new user (Auth Armor)' })
  start(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: StartRegistrationDto): Promise<StartRegistrationResponse> {
    return this.rpc.call(ACCOUNT_RPC.registrationsStart, startRequest(auth.tenantId, actor, dto));
  }

  /** Existing-user flow: a user registered another way gains the magic-link email method. */
  @Post(':user_id/magiclink_email/register/start')
  @HttpCode(200)
  @RequireScope('users:write')
  @ApiResponse({ status: 200, type: RegistrationStarted, description: 'OK' })
  @ApiErrors('not_found', 'conflict', 'email_in_use', 'redirect_not_allowed', 'rate_limited')
  @ApiOperation({ summary: 'Start a magic-link email registration for an existing user (Auth Armor)' })
  startExisting(
    @Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: AuthArmorUserParam, @Body() dto: StartRegistrationDto,
  ): Promise<StartRegistrationResponse> {
    return this.rpc.call(ACCOUNT_RPC.registrationsStart, startRequest(auth.tenantId, actor, dto, p.user_id));
  }

  @Post('register/magiclink_email/validate')
  @HttpCode(200)
  @RequireScope('users:write')
  @ApiResponse({ status: 200, type: RegistrationValidated, description: 'OK' })
  @ApiErrors('invalid_token', 'expired', 'used', 'revoked', 'rate_limited')
  @ApiOperation({ summary: 'Validate a registration (Auth Armor)' })
  validate(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: ValidateRegistrationDto): Promise<ValidateRegistrationResponse> {
    return validateRegistration(this.rpc, this.lockout, auth.tenantId, actor, dto);
  }
}
