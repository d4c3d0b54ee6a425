import { Body, Controller, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_RPC, Actor, SetPasswordResponse } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { SetPasswordDto, UuidParam } from './accounts.dto';
import { PasswordSet } from './users.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** A user's optional password (argon2id; at least 12 characters). The hash never leaves token-service. */
@ApiTags('users')
@Controller('v1/users/:id/password')
export class UserPasswordController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Put()
  @HttpCode(200)
  @RequireScope('users:write')
  @ApiResponse({ status: 200, type: PasswordSet, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'Set or remove a user\'s password' })
  set(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: SetPasswordDto): Promise<SetPasswordResponse> {
    return this.rpc.call(ACCOUNT_RPC.passwordsSet, { tenantId: auth.tenantId, userId: p.id, password: dto.password, actor });
  }
}
