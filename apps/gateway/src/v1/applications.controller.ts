import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_RPC, Actor, ApplicationView, ListApplicationsResponse } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { CreateApplicationDto, UpdateApplicationDto, UuidParam } from './accounts.dto';
import { Application, ApplicationList } from './accounts.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** Applications and their authentication flow (docs/auth-flows.md). */
@ApiTags('applications')
@Controller('v1/applications')
export class ApplicationsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Post()
  @RequireScope('admin')
  @ApiResponse({ status: 201, type: Application, description: 'Created' })
  @ApiErrors('redirect_not_allowed')
  @ApiOperation({ summary: 'Create an application' })
  create(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: CreateApplicationDto): Promise<ApplicationView> {
    return this.rpc.call(ACCOUNT_RPC.applicationsCreate, {
      requestId: randomUUID(), tenantId: auth.tenantId, actor, name: dto.name, authFlow: dto.auth_flow, enabled: dto.enabled,
      redirectUrl: dto.redirect_url,
    });
  }

  @Get()
  @RequireScope('admin')
  @ApiResponse({ status: 200, type: ApplicationList, description: 'OK' })
  @ApiOperation({ summary: 'Applications' })
  list(@Auth() auth: AuthContext): Promise<ListApplicationsResponse> {
    return this.rpc.call(ACCOUNT_RPC.applicationsList, { tenantId: auth.tenantId });
  }

  @Get(':id')
  @RequireScope('admin')
  @ApiResponse({ status: 200, type: Application, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'An application' })
  get(@Auth() auth: AuthContext, @Param() p: UuidParam): Promise<ApplicationView> {
    return this.rpc.call(ACCOUNT_RPC.applicationsGet, { tenantId: auth.tenantId, id: p.id });
  }

  @Patch(':id')
  @RequireScope('admin')
  @ApiResponse({ status: 200, type: Application, description: 'OK' })
  @ApiErrors('not_found', 'redirect_not_allowed')
  @ApiOperation({ summary: 'Change an application' })
  update(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateApplicationDto): Promise<ApplicationView> {
    return this.rpc.call(ACCOUNT_RPC.applicationsUpdate, {
      tenantId: auth.tenantId, id: p.id, actor, name: dto.name, authFlow: dto.auth_flow, enabled: dto.enabled, redirectUrl: dto.redirect_url,
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('admin')
  @ApiResponse({ status: 204, description: 'No content' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'Delete an application' })
  async remove(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<void> {
    await this.rpc.call(ACCOUNT_RPC.applicationsDelete, { tenantId: auth.tenantId, id: p.id, actor });
  }
}
