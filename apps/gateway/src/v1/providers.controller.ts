import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ListProvidersResponse, PROVIDER_RPC, ProviderView } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { PutProviderDto } from './providers.dto';
import { Provider, ProviderList } from './providers.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/**
 * The tenant's own transport per channel (docs/mail.md#transports); a channel without one uses
 * the deployment's. Credentials go in and are sealed; no answer shows them.
 */
@ApiTags('providers')
@Controller('v1/providers')
export class ProvidersController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** Both channels, email and sms, with `source` tenant or deployment. */
  @Get()
  @RequireScope('admin')
  @ApiResponse({ status: 200, type: ProviderList, description: 'OK' })
  @ApiOperation({ summary: 'The email and sms providers' })
  list(@Auth() auth: AuthContext): Promise<ListProvidersResponse> {
    return this.rpc.call(PROVIDER_RPC.providersList, { tenantId: auth.tenantId });
  }

  @Get(':channel')
  @RequireScope('admin')
  @ApiResponse({ status: 200, type: Provider, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'One channel\'s provider' })
  get(@Auth() auth: AuthContext, @Param('channel') channel: string): Promise<ProviderView> {
    return this.rpc.call(PROVIDER_RPC.providersGet, { tenantId: auth.tenantId, channel });
  }

  /** Replaces the channel's transport; with the same kind and no `credentials`, the stored ones are kept. */
  @Put(':channel')
  @RequireScope('admin')
  @ApiResponse({ status: 200, type: Provider, description: 'OK' })
  @ApiOperation({ summary: 'Set a channel\'s provider' })
  put(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param('channel') channel: string, @Body() dto: PutProviderDto): Promise<ProviderView> {
    return this.rpc.call(PROVIDER_RPC.providersPut, {
      tenantId: auth.tenantId, channel, kind: dto.kind, settings: dto.settings, credentials: dto.credentials, actor,
    });
  }

  /** Back to the deployment default (MAIL_TRANSPORT / SMS_TRANSPORT). */
  @Delete(':channel')
  @HttpCode(204)
  @RequireScope('admin')
  @ApiResponse({ status: 204, description: 'No content' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'Return a channel to the deployment default' })
  async remove(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param('channel') channel: string): Promise<void> {
    await this.rpc.call(PROVIDER_RPC.providersDelete, { tenantId: auth.tenantId, channel, actor });
  }
}
