import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_RPC, Actor, AuthFlowView } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { VerificationLockout } from '../rate-limits/verification-lockout.service';
import { StartAuthFlowDto, UuidParam } from './accounts.dto';
import { AuthFlow } from './accounts.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/**
 * Sign-in at an application by its authentication flow: `POST` checks the first factor (when the
 * flow has one) and emails a login link; the flow completes when that link is consumed.
 */
@ApiTags('auth flows')
@Controller('v1/auth-flows')
export class AuthFlowsController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
  ) {}

  @Post()
  @RequireScope('magic_links:add')
  @ApiResponse({ status: 201, type: AuthFlow, description: 'Created' })
  @ApiErrors('not_found', 'application_disabled', 'invalid_credentials', 'user_disabled', 'type_disabled', 'redirect_not_allowed', 'rate_limited')
  @ApiOperation({ summary: 'Start an application\'s sign-in flow' })
  async start(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: StartAuthFlowDto): Promise<AuthFlowView> {
    const start = () => this.rpc.call(ACCOUNT_RPC.authFlowsStart, {
      requestId: randomUUID(), tenantId: auth.tenantId, actor, application: dto.application, email: dto.email,
      password: dto.password, language: dto.language,
    });
    // The password step is a verification: wrong (or missing) passwords for one account lock that account's step.
    return this.lockout.attemptForTenant(auth.tenantId, null, this.lockout.ofAccount(dto.email), start);
  }

  @Get(':id')
  @RequireScope('magic_links:view')
  @ApiResponse({ status: 200, type: AuthFlow, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'An auth flow' })
  get(@Auth() auth: AuthContext, @Param() p: UuidParam): Promise<AuthFlowView> {
    return this.rpc.call(ACCOUNT_RPC.authFlowsGet, { tenantId: auth.tenantId, id: p.id });
  }
}
