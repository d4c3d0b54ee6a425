import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_RPC, Actor, CompletePasswordResetResponse, ExchangePasswordResetResponse } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { VerificationLockout } from '../rate-limits/verification-lockout.service';
import { CompletePasswordResetDto, ExchangePasswordResetDto } from './accounts.dto';
import { PasswordResetCompleted, PasswordResetGrant } from './accounts.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/**
 * Password reset for integrators who keep passwords themselves: a password_reset link (token) or
 * the hosted page's code becomes a reset grant; completing the grant records the reset (and stores
 * the password when one is given). docs/auth-flows.md#password-reset.
 */
@ApiTags('password resets')
@Controller('v1/password-resets')
export class PasswordResetsController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
  ) {}

  @Post('exchange')
  @HttpCode(200)
  @RequireScope('magic_links:view')
  @ApiResponse({ status: 200, type: PasswordResetGrant, description: 'OK' })
  @ApiErrors('invalid_token', 'invalid_code', 'expired', 'used', 'revoked', 'rate_limited')
  @ApiOperation({ summary: 'Exchange a password_reset link for a reset grant' })
  exchange(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: ExchangePasswordResetDto): Promise<ExchangePasswordResetResponse> {
    return this.lockout.attemptForTenant(auth.tenantId, null, this.lockout.ofSecret(dto.token ?? dto.code ?? ''), () =>
      this.rpc.call(ACCOUNT_RPC.passwordResetsExchange, { tenantId: auth.tenantId, token: dto.token, code: dto.code, actor }));
  }

  @Post('complete')
  @HttpCode(200)
  @RequireScope('users:write')
  @ApiResponse({ status: 200, type: PasswordResetCompleted, description: 'OK' })
  @ApiErrors('invalid_token', 'expired', 'used')
  @ApiOperation({ summary: 'Use a reset grant (optionally storing the new password)' })
  complete(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: CompletePasswordResetDto): Promise<CompletePasswordResetResponse> {
    return this.lockout.attemptForTenant(auth.tenantId, null, this.lockout.ofSecret(dto.reset_grant), () =>
      this.rpc.call(ACCOUNT_RPC.passwordResetsComplete, { tenantId: auth.tenantId, resetGrant: dto.reset_grant, password: dto.password, actor }));
  }
}
