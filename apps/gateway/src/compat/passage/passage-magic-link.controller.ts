import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Param, Post, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, COMPAT_RPC } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../../auth/auth.decorators';
import { RpcClient } from '../../http/rpc.client';
import { PassageAppParam, PassageCreateMagicLinkDto } from './passage.dto';
import { PassageErrorFilter } from './passage-error.filter';
import { PassageMagicLink, toPassageMagicLink, toPassageRequest } from './passage-mapping';
import { PassageCreatedMagicLink, PassageErrorBody } from './passage.response';
import { ApiErrorBody, ApiErrors } from '../../openapi/api-errors.decorator';

/**
 * Passage management API, create magic link: a Passage client whose base URL is
 * `<gateway>/compat/passage/v1` and whose API key is a Sesame key works unchanged (docs/passage.md).
 */
@ApiTags('Passage compatible')
@UseFilters(PassageErrorFilter)
@ApiErrorBody(PassageErrorBody)
@Controller('compat/passage/v1/apps/:app_id/magic-links')
export class PassageMagicLinkController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Post()
  @RequireScope('magic_links:add')
  @ApiResponse({ status: 201, type: PassageCreatedMagicLink, description: 'Created' })
  @ApiErrors('not_found', 'redirect_not_allowed', 'type_disabled', 'user_disabled', 'rate_limited')
  @ApiOperation({ summary: 'Create a magic link (Passage)' })
  async create(
    @Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: PassageAppParam, @Body() dto: PassageCreateMagicLinkDto,
  ): Promise<{ magic_link: PassageMagicLink }> {
    const req = toPassageRequest({ requestId: randomUUID(), tenantId: auth.tenantId, actor, appId: p.app_id }, dto);
    const created = await this.rpc.call(COMPAT_RPC.passageCreateMagicLink, req);
    return { magic_link: toPassageMagicLink(created, dto.redirect_url) };
  }
}
