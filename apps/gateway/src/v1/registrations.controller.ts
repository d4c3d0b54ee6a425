import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_RPC, Actor, StartRegistrationResponse, ValidateRegistrationResponse } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { VerificationLockout } from '../rate-limits/verification-lockout.service';
import { startRequest, validateRegistration } from './registration-requests';
import { StartNativeRegistrationDto, ValidateRegistrationDto } from './registrations.dto';
import { RegistrationStarted, RegistrationValidated } from './accounts.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** Magic-link email registration (Auth Armor's model): docs/registration.md. */
@ApiTags('registrations')
@Controller('v1/registrations')
export class RegistrationsController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
  ) {}

  @Post()
  @RequireScope('users:write')
  @ApiResponse({ status: 201, type: RegistrationStarted, description: 'Created' })
  @ApiErrors('not_found', 'conflict', 'email_in_use', 'redirect_not_allowed', 'rate_limited')
  @ApiOperation({ summary: 'Start a registration (email a registration link)' })
  start(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: StartNativeRegistrationDto): Promise<StartRegistrationResponse> {
    const { user_id, ...body } = dto;
    return this.rpc.call(ACCOUNT_RPC.registrationsStart, startRequest(auth.tenantId, actor, body, user_id));
  }

  @Post('validate')
  @HttpCode(200)
  @RequireScope('users:write')
  @ApiResponse({ status: 200, type: RegistrationValidated, description: 'OK' })
  @ApiErrors('invalid_token', 'expired', 'used', 'revoked', 'rate_limited')
  @ApiOperation({ summary: 'Validate a registration token' })
  validate(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: ValidateRegistrationDto): Promise<ValidateRegistrationResponse> {
    return validateRegistration(this.rpc, this.lockout, auth.tenantId, actor, dto);
  }
}
