import { Body, Controller, Get, Inject, Patch, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SUPPORTED_LANGUAGES } from '@sesame/domain';
import { Actor, PolicyView, RPC } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { CacheInvalidation } from '../auth/cache-invalidation';
import { RpcClient } from '../http/rpc.client';
import { brandingPreview, PREVIEW_PAGES, PreviewQuery } from '../pages/branding-preview';
import { sendPage } from '../pages/html';
import { TenantDirectory } from '../public/tenant-directory';
import { Policy } from './policy.response';

/** The tenant's policy (docs/policy.md): link types and lifetimes, redirects, users, app. */
@ApiTags('policy')
@Controller('v1/policy')
export class PolicyController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(CacheInvalidation) private readonly invalidation: CacheInvalidation,
  ) {}

  @Get()
  @RequireScope('admin')
  @ApiResponse({ status: 200, type: Policy, description: 'OK' })
  @ApiOperation({ summary: 'The tenant\'s policy' })
  get(@Auth() auth: AuthContext): Promise<PolicyView> {
    return this.rpc.call(RPC.policyGet, { tenantId: auth.tenantId });
  }

  /**
   * A JSON merge patch (RFC 7396): objects merge field by field, arrays replace, null resets a field
   * to its default. The whole result is validated; `400 validation_failed` lists `details.issues`.
   * The new policy holds on every gateway and token-service once this answers (CacheInvalidation).
   */
  @Patch()
  @RequireScope('admin')
  @ApiConsumes('application/json', 'application/merge-patch+json')
  @ApiBody({ schema: { type: 'object', example: { links: { login: { ttl_seconds: 300 } }, redirect: { enabled: true, allowed_urls: ['https://app.example.com/callback'] } } } })
  @ApiResponse({ status: 200, type: Policy, description: 'OK' })
  @ApiOperation({ summary: 'Change the policy (JSON merge patch)' })
  async update(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() patch: unknown): Promise<PolicyView> {
    // Not a DTO: the policy's shape and rules live in libs/domain/src/policy, applied in token-service.
    const policy = await this.rpc.call(RPC.policyUpdate, { tenantId: auth.tenantId, patch, actor });
    await this.invalidation.publish({ tenantId: auth.tenantId });
    return policy;
  }

  /**
   * A sample hosted page (HTML, with the hosted pages' headers and CSP) in the saved branding, or in
   * a proposed one given as query fields named like `branding`'s (`primary_color=%23b33c00`, empty
   * for none). A proposal that would not save is `400 validation_failed`, as the PATCH would say.
   */
  @Get('branding/preview')
  @RequireScope('admin')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The sample page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiQuery({ name: 'page', required: false, enum: Object.keys(PREVIEW_PAGES) })
  @ApiQuery({ name: 'language', required: false, enum: SUPPORTED_LANGUAGES })
  @ApiQuery({ name: 'primary_color', required: false, example: '#1d4ed8' })
  @ApiQuery({ name: 'logo_url', required: false })
  @ApiQuery({ name: 'footer', required: false })
  @ApiQuery({ name: 'support_url', required: false })
  @ApiQuery({ name: 'favicon_url', required: false })
  @ApiOperation({ summary: 'A sample hosted page in the saved or a proposed branding' })
  async preview(@Auth() auth: AuthContext, @Query() query: PreviewQuery, @Res() reply: FastifyReply): Promise<void> {
    const [policy, tenant] = await Promise.all([
      this.rpc.call(RPC.policyGet, { tenantId: auth.tenantId }),
      this.tenants.byId(auth.tenantId),
    ]);
    const { ctx, page } = brandingPreview({ slug: tenant.slug, policy }, query);
    sendPage(reply, ctx, page);
  }
}
