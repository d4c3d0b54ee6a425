import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Actor, PolicyView, RPC } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';

/** The tenant's policy (docs/policy.md): link types and lifetimes, redirects, users, app. */
@ApiTags('policy')
@ApiBearerAuth()
@Controller('v1/policy')
export class PolicyController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get()
  @RequireScope('admin')
  get(@Auth() auth: AuthContext): Promise<PolicyView> {
    return this.rpc.call(RPC.policyGet, { tenantId: auth.tenantId });
  }

  /**
   * A JSON merge patch (RFC 7396): objects merge field by field, arrays replace, null resets a field
   * to its default. The whole result is validated; `400 validation_failed` lists `details.issues`.
   */
  @Patch()
  @RequireScope('admin')
  @ApiConsumes('application/json', 'application/merge-patch+json')
  @ApiBody({ schema: { type: 'object', example: { links: { login: { ttl_seconds: 300 } }, redirect: { enabled: true, allowed_urls: ['https://app.example.com/callback'] } } } })
  update(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() patch: unknown): Promise<PolicyView> {
    // Not a DTO: the policy's shape and rules live in libs/domain/src/policy, applied in token-service.
    return this.rpc.call(RPC.policyUpdate, { tenantId: auth.tenantId, patch, actor });
  }
}
