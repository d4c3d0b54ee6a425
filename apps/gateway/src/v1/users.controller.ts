import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CreateUserResponse, ListUsersResponse, RPC, UserView } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserIdParam } from './users.dto';
import { CreatedUser, User, UserPage } from './users.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

@ApiTags('users')
@Controller('v1/users')
export class UsersController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** `registration_link` is set when the policy emails one on creation (`users.auto_send_registration`). */
  @Post()
  @RequireScope('users:write')
  @ApiResponse({ status: 201, type: CreatedUser, description: 'Created' })
  @ApiErrors('email_in_use', 'conflict')
  @ApiOperation({ summary: 'Create a user' })
  @ApiBody({ type: CreateUserDto, examples: { user: { summary: 'A user with attributes', value: { email: 'ada@example.com', attributes: { plan: 'pro' } } } } })
  create(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<CreateUserResponse> {
    return this.rpc.call(RPC.usersCreate, {
      requestId: randomUUID(), tenantId: auth.tenantId, actor,
      email: dto.email, status: dto.status, attributes: dto.attributes, magicLinkEmail: dto.magic_link_email,
    });
  }

  @Get()
  @RequireScope('users:read')
  @ApiResponse({ status: 200, type: UserPage, description: 'OK' })
  @ApiOperation({ summary: 'Users, newest first' })
  list(@Auth() auth: AuthContext, @Query() q: ListUsersQuery): Promise<ListUsersResponse> {
    return this.rpc.call(RPC.usersList, { tenantId: auth.tenantId, email: q.email, status: q.status, cursor: q.cursor, limit: q.limit ?? 20 });
  }

  @Get(':id')
  @RequireScope('users:read')
  @ApiResponse({ status: 200, type: User, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'A user' })
  get(@Auth() auth: AuthContext, @Param() p: UserIdParam): Promise<UserView> {
    return this.rpc.call(RPC.usersGet, { tenantId: auth.tenantId, id: p.id });
  }

  @Patch(':id')
  @RequireScope('users:write')
  @ApiResponse({ status: 200, type: User, description: 'OK' })
  @ApiErrors('not_found', 'email_in_use', 'conflict')
  @ApiOperation({ summary: 'Change a user' })
  update(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: UserIdParam, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.rpc.call(RPC.usersUpdate, {
      tenantId: auth.tenantId, id: p.id, actor,
      email: dto.email, status: dto.status, attributes: dto.attributes, magicLinkEmail: dto.magic_link_email,
    });
  }

  /** Deletes the user and their links; their audit events stay. */
  @Delete(':id')
  @HttpCode(204)
  @RequireScope('users:write')
  @ApiResponse({ status: 204, description: 'No content' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'Delete a user and their links' })
  async remove(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: UserIdParam): Promise<void> {
    await this.rpc.call(RPC.usersDelete, { tenantId: auth.tenantId, id: p.id, actor });
  }
}
