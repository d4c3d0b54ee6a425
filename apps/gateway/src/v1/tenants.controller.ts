import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ConsoleUserView, CreateTenantResponse, LIFECYCLE_RPC, ListTenantsResponse, OperatorActor, RPC, TenantView } from '@sesame/messaging';
import { CurrentActor, RootOnly } from '../auth/auth.decorators';
import { CacheInvalidation } from '../auth/cache-invalidation';
import { createConsoleUser } from '../console/console-users.controller';
import { RpcClient } from '../http/rpc.client';
import { CreateTenantDto, ListTenantsQuery, TenantIdParam, UpdateTenantDto } from './tenants.dto';
import { CreatedTenant, Tenant, TenantPage } from './tenants.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** The operator's tenants (SESAME_ROOT_API_KEY). Every change is kept in operator_audit_events. */
@ApiTags('tenants')
@Controller('v1/tenants')
@RootOnly()
export class TenantsController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(CacheInvalidation) private readonly invalidation: CacheInvalidation,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a tenant; the response\'s api_key (scope admin) is shown once' })
  @ApiResponse({ status: 201, type: CreatedTenant, description: 'Created' })
  @ApiErrors('redirect_not_allowed', 'conflict')
  @ApiBody({ type: CreateTenantDto, examples: { tenant: { summary: 'A tenant and its first admin key', value: { name: 'Acme', app_origin: 'https://app.acme.example', allowed_redirect_urls: ['https://app.acme.example/callback'] } } } })
  async create(@Body() dto: CreateTenantDto, @CurrentActor() actor: Actor): Promise<CreateTenantResponse & { console_admin?: ConsoleUserView }> {
    const created = await this.rpc.call(RPC.tenantsCreate, {
      requestId: randomUUID(), name: dto.name, appOrigin: dto.app_origin, allowedRedirectUrls: dto.allowed_redirect_urls,
    });
    if (!dto.console_admin_email) return created;
    // The address was validated with the rest of the body, and a new tenant has no console user to clash with.
    const admin = await createConsoleUser(this.rpc, created.id, { email: dto.console_admin_email, role: 'admin' }, { ...actor, apiKeyId: null });
    return { ...created, console_admin: admin };
  }

  @Get()
  @ApiOperation({ summary: 'Tenants, newest first, with their activity over the last 24 h' })
  @ApiResponse({ status: 200, type: TenantPage, description: 'OK' })
  list(@Query() q: ListTenantsQuery): Promise<ListTenantsResponse> {
    return this.rpc.call(LIFECYCLE_RPC.tenantsList, { q: q.q, cursor: q.cursor, limit: q.limit ?? 20 });
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: Tenant, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'A tenant with its activity over the last 24 h' })
  get(@Param() p: TenantIdParam): Promise<TenantView> {
    return this.rpc.call(LIFECYCLE_RPC.tenantsGet, { id: p.id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, disable or enable a tenant' })
  @ApiResponse({ status: 200, type: Tenant, description: 'OK' })
  @ApiErrors('not_found', 'tenant_deleted')
  async update(@Param() p: TenantIdParam, @CurrentActor() actor: Actor, @Body() dto: UpdateTenantDto): Promise<TenantView> {
    const view = await this.rpc.call(LIFECYCLE_RPC.tenantsUpdate, { id: p.id, name: dto.name, disabled: dto.disabled, actor: operator(actor) });
    await this.invalidation.publish({ tenantId: p.id });
    return view;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Disable a tenant at once; the scheduler purges it and its data after DELETED_TENANT_RETENTION_SECONDS' })
  @ApiResponse({ status: 200, type: Tenant, description: 'OK' })
  @ApiErrors('not_found')
  async remove(@Param() p: TenantIdParam, @CurrentActor() actor: Actor): Promise<TenantView> {
    const view = await this.rpc.call(LIFECYCLE_RPC.tenantsDelete, { id: p.id, actor: operator(actor) });
    await this.invalidation.publish({ tenantId: p.id });
    return view;
  }
}

function operator(a: Actor): OperatorActor {
  return { ip: a.ip, userAgent: a.userAgent };
}
