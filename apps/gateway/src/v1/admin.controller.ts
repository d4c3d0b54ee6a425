import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, CreateApiKeyResponse, CreateTenantResponse, RPC } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope, RootOnly } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { CreateApiKeyDto, CreateTenantDto } from './admin.dto';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1')
export class AdminController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** Operator only. The response's api_key (scope admin) is shown once. */
  @Post('tenants')
  @RootOnly()
  createTenant(@Body() dto: CreateTenantDto): Promise<CreateTenantResponse> {
    return this.rpc.call(RPC.tenantsCreate, {
      requestId: randomUUID(), name: dto.name, appOrigin: dto.app_origin, allowedRedirectUrls: dto.allowed_redirect_urls,
    });
  }

  @Post('api-keys')
  @RequireScope('admin')
  createApiKey(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreateApiKeyResponse> {
    return this.rpc.call(RPC.apiKeysCreate, { requestId: randomUUID(), tenantId: auth.tenantId, name: dto.name, scopes: dto.scopes, actor });
  }
}
