import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CONSOLE_RPC, ConsoleUserView, ListConsoleUsersResponse } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope, RootOnly } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { TenantIdParam } from '../v1/tenants.dto';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ConsoleSessions } from './console-sessions.service';
import { ConsoleUser, ConsoleUserPage } from './console.response';
import { ConsoleUserIdParam, CreateConsoleUserDto, ListConsoleUsersQuery, UpdateConsoleUserDto } from './console.dto';

/** A tenant's console users (scope admin: a console admin, or an admin API key). */
@ApiTags('console users')
@Controller('v1/console-users')
@RequireScope('admin')
export class ConsoleUsersController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(ConsoleSessions) private readonly sessions: ConsoleSessions,
  ) {}

  @Get()
  @ApiResponse({ status: 200, type: ConsoleUserPage, description: 'OK' })
  @ApiOperation({ summary: 'Console users, newest first; q searches the email' })
  list(@Auth() auth: AuthContext, @Query() q: ListConsoleUsersQuery): Promise<ListConsoleUsersResponse> {
    return this.rpc.call(CONSOLE_RPC.usersList, { tenantId: auth.tenantId, q: q.q, cursor: q.cursor, limit: q.limit ?? 20 });
  }

  @Post()
  @ApiResponse({ status: 201, type: ConsoleUser, description: 'Created' })
  @ApiErrors('conflict')
  @ApiOperation({ summary: 'Add a console user (admin or viewer); they sign in with a magic link to their email' })
  create(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: CreateConsoleUserDto): Promise<ConsoleUserView> {
    return createConsoleUser(this.rpc, auth.tenantId, dto, actor);
  }

  @Patch(':id')
  @ApiResponse({ status: 200, type: ConsoleUser, description: 'OK' })
  @ApiErrors('not_found', 'conflict')
  @ApiOperation({ summary: 'Change the role or disable; either ends the user\'s sessions at once (409 for the last enabled admin)' })
  async update(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: ConsoleUserIdParam, @Body() dto: UpdateConsoleUserDto): Promise<ConsoleUserView> {
    const view = await this.rpc.call(CONSOLE_RPC.usersUpdate, { tenantId: auth.tenantId, id: p.id, role: dto.role, disabled: dto.disabled, actor });
    await this.sessions.endAllOf(p.id);
    return view;
  }
}

/** The operator adds a tenant's first console admin (`npm run console:user`), with the root key. */
@ApiTags('tenants')
@Controller('v1/tenants/:id/console-users')
@RootOnly()
export class TenantConsoleUsersController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Post()
  @ApiResponse({ status: 201, type: ConsoleUser, description: 'Created' })
  @ApiErrors('not_found', 'conflict')
  @ApiOperation({ summary: 'Add a console user to a tenant (root key)' })
  create(@Param() p: TenantIdParam, @CurrentActor() actor: Actor, @Body() dto: CreateConsoleUserDto): Promise<ConsoleUserView> {
    return createConsoleUser(this.rpc, p.id, dto, { ...actor, apiKeyId: null });
  }
}

export function createConsoleUser(rpc: RpcClient, tenantId: string, dto: CreateConsoleUserDto, actor: Actor): Promise<ConsoleUserView> {
  return rpc.call(CONSOLE_RPC.usersCreate, { requestId: randomUUID(), tenantId, email: dto.email, role: dto.role, actor });
}
