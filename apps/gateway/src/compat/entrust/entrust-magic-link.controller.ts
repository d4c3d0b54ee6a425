import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SesameError } from '@sesame/domain';
import { Actor, RPC } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../../auth/auth.decorators';
import { RpcClient } from '../../http/rpc.client';
import { EntrustMagicLinkCreateDto, EntrustUserParam } from './entrust.dto';
import { EntrustErrorFilter } from './entrust-error.filter';
import {
  EntrustMagicLink, EntrustMagicLinkResponse, toEntrustCreateResponse, toEntrustMagicLink, toSesameLinkType,
} from './entrust-mapping';
import { EntrustCreatedMagicLink, EntrustError, EntrustMagicLinkView } from './entrust.response';
import { ApiErrorBody, ApiErrors } from '../../openapi/api-errors.decorator';

/**
 * Entrust IDaaS Administration API, Magic Link operations, for provisioning scripts pointed at
 * Sesame: same paths, permissions, bodies and statuses (docs/entrust.md). `{userid}` is the Sesame
 * user's id.
 */
@ApiTags('Entrust IDaaS compatible')
@UseFilters(EntrustErrorFilter)
@ApiErrorBody(EntrustError)
@Controller('api/web/v1/users/:userid/magiclink')
export class EntrustMagicLinkController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** Create (and with autoSend, email) a link for the user. */
  @Put()
  @HttpCode(200)
  @RequireScope('MAGICLINKS:ADD')
  @ApiResponse({ status: 200, type: EntrustCreatedMagicLink, description: 'OK' })
  @ApiErrors('not_found', 'redirect_not_allowed', 'type_disabled', 'user_disabled')
  @ApiOperation({ summary: 'Create (and with autoSend, email) a link for the user (Entrust)' })
  async create(
    @Auth() auth: AuthContext,
    @CurrentActor() actor: Actor,
    @Param() p: EntrustUserParam,
    @Body() dto: EntrustMagicLinkCreateDto,
  ): Promise<EntrustMagicLinkResponse> {
    const link = await this.rpc.call(RPC.linksCreate, {
      requestId: randomUUID(), tenantId: auth.tenantId, actor, userId: p.userid, type: toSesameLinkType(dto.type),
      redirectUrl: dto.redirectUrl, redirectSurface: 'entrust', send: dto.autoSend ?? false, deliverTo: dto.email,
    });
    return toEntrustCreateResponse(link);
  }

  /** The user's current (most recent) link: type, status, expiry; never its secret. */
  @Get()
  @RequireScope('MAGICLINKS:VIEW')
  @ApiResponse({ status: 200, type: EntrustMagicLinkView, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'The user\'s current link (Entrust)' })
  async get(@Auth() auth: AuthContext, @Param() p: EntrustUserParam): Promise<EntrustMagicLink> {
    return toEntrustMagicLink(await this.rpc.call(RPC.linksLatestForUser, { tenantId: auth.tenantId, userId: p.userid }));
  }

  /**
   * Revokes the user's live links. The status says whether there was one: 204 when something was
   * revoked, 404 (ErrorInfo, `parameters: [{revoked: 0}]`) when the user had no live link.
   */
  @Delete()
  @HttpCode(204)
  @RequireScope('MAGICLINKS:REMOVE')
  @ApiResponse({ status: 204, description: 'No content' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'Revoke the user\'s live links (Entrust)' })
  async remove(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: EntrustUserParam): Promise<void> {
    const { revoked } = await this.rpc.call(RPC.linksRevokeForUser, { tenantId: auth.tenantId, userId: p.userid, actor });
    if (revoked === 0) throw new SesameError('not_found', 'The user has no live magic link to delete', { revoked: 0 });
  }
}
