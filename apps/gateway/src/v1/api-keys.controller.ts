import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CreateApiKeyResponse, LIFECYCLE_RPC, ListApiKeysResponse, RPC, RotateApiKeyResponse } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { CacheInvalidation } from '../auth/cache-invalidation';
import { RpcClient } from '../http/rpc.client';
import {
  ApiKeyIdParam, CreateApiKeyDto, DEFAULT_ROTATION_OVERLAP_SECONDS, expiryOf, ListApiKeysQuery, RotateApiKeyDto,
} from './api-keys.dto';
import { ApiKeyPage, CreatedApiKey, RotatedApiKey } from './api-keys.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** A tenant's API keys (scope admin). Secrets are shown once, on create and rotate; lists show the prefix. */
@ApiTags('api keys')
@Controller('v1/api-keys')
@RequireScope('admin')
export class ApiKeysController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(CacheInvalidation) private readonly invalidation: CacheInvalidation,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a key (shown once), optionally expiring' })
  @ApiResponse({ status: 201, type: CreatedApiKey, description: 'Created' })
  @ApiBody({ type: CreateApiKeyDto, examples: { key: { summary: 'A key that only sends and verifies links', value: { name: 'web backend', scopes: ['magic_links:add', 'magic_links:view'] } } } })
  create(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreateApiKeyResponse> {
    return this.rpc.call(RPC.apiKeysCreate, {
      requestId: randomUUID(), tenantId: auth.tenantId, name: dto.name, scopes: dto.scopes, expiresAt: expiryOf(dto), actor,
    });
  }

  @Get()
  @ApiOperation({ summary: 'The tenant\'s unrevoked keys, newest first (prefix, scopes, expiry, last use; never the secret)' })
  @ApiResponse({ status: 200, type: ApiKeyPage, description: 'OK' })
  list(@Auth() auth: AuthContext, @Query() q: ListApiKeysQuery): Promise<ListApiKeysResponse> {
    return this.rpc.call(LIFECYCLE_RPC.apiKeysList, { tenantId: auth.tenantId, cursor: q.cursor, limit: q.limit ?? 20 });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key at once, on every gateway replica (409 last_admin_key for the tenant\'s last admin key)' })
  @ApiResponse({ status: 204, description: 'No content' })
  @ApiErrors('not_found', 'last_admin_key')
  async revoke(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: ApiKeyIdParam): Promise<void> {
    await this.rpc.call(LIFECYCLE_RPC.apiKeysRevoke, { tenantId: auth.tenantId, id: p.id, actor });
    await this.invalidation.publish({ apiKeyIds: [p.id] });
  }

  @Post(':id/rotate')
  @ApiOperation({ summary: 'A new key (shown once) with the same name and scopes; the old one works for overlap_seconds more' })
  @ApiResponse({ status: 201, type: RotatedApiKey, description: 'Created' })
  @ApiErrors('not_found', 'conflict')
  async rotate(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: ApiKeyIdParam, @Body() dto: RotateApiKeyDto): Promise<RotateApiKeyResponse> {
    const rotated = await this.rpc.call(LIFECYCLE_RPC.apiKeysRotate, {
      requestId: randomUUID(), tenantId: auth.tenantId, id: p.id, overlapSeconds: dto.overlap_seconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS, actor,
    });
    await this.invalidation.publish({ apiKeyIds: [p.id] });
    return rotated;
  }
}
