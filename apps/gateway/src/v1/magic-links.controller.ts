import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, AuthenticateResponse, CreateLinkResponse, LinkDetailView, LinkView, ListLinksResponse, RPC } from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { IdempotencyKey } from '../http/idempotency-key';
import { RpcClient } from '../http/rpc.client';
import { TenantDirectory } from '../public/tenant-directory';
import { SignInLimits } from '../rate-limits/sign-in-limits.service';
import { VerificationLockout } from '../rate-limits/verification-lockout.service';
import { AuthenticateDto, CreateMagicLinkDto, ExchangeDto, IdParam, ListMagicLinksQuery } from './magic-link.dto';
import { CreatedMagicLink, MagicLink, MagicLinkDetail, MagicLinkPage, Verification } from './magic-links.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

@ApiTags('magic links')
@Controller('v1/magic-links')
export class MagicLinksController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SignInLimits) private readonly limits: SignInLimits,
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
  ) {}

  @Post()
  @RequireScope('magic_links:add')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeat within 24 h returns the first response and creates nothing.' })
  @ApiResponse({ status: 201, type: CreatedMagicLink, description: 'Created' })
  @ApiErrors('not_found', 'redirect_not_allowed', 'type_disabled', 'user_disabled', 'unsupported_language', 'rate_limited', 'idempotency_in_progress', 'idempotency_key_reused')
  @ApiOperation({ summary: 'Create (and by default send) a magic link' })
  @ApiBody({ type: CreateMagicLinkDto, examples: { email: { summary: 'Email a sign-in link', value: { email: 'ada@example.com', redirect_url: 'https://app.example.com/callback' } }, url: { summary: 'Get the URL instead of sending it', value: { email: 'ada@example.com', send: false, context_data: { plan: 'pro' } } } } })
  async create(
    @Auth() auth: AuthContext,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateMagicLinkDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CreateLinkResponse> {
    // The tenant's request budget is on by default (one Redis call), the per-key limit off (no call then); the policy comes from a 5 s cache.
    const { policy } = await this.tenants.byId(auth.tenantId);
    await this.limits.apiCreate(policy.rate_limits, auth.tenantId, auth.apiKeyId ?? `console:${auth.consoleUserId}`);
    return this.rpc.call(RPC.linksCreate, {
      requestId: randomUUID(),
      tenantId: auth.tenantId,
      idempotencyKey,
      actor,
      userId: dto.user_id,
      email: dto.email,
      type: dto.type ?? 'login',
      redirectUrl: dto.redirect_url,
      ttlSeconds: dto.ttl_seconds,
      send: dto.send ?? true,
      language: dto.language,
      contextData: dto.context_data,
      ipAddress: dto.ip_address,
      userAgent: dto.user_agent,
      channel: dto.channel,
      phone: dto.phone,
      actionName: dto.action_name,
      shortMessage: dto.short_message,
    });
  }

  @Get()
  @RequireScope('magic_links:view')
  @ApiResponse({ status: 200, type: MagicLinkPage, description: 'OK' })
  @ApiOperation({ summary: 'Links, newest first' })
  list(@Auth() auth: AuthContext, @Query() q: ListMagicLinksQuery): Promise<ListLinksResponse> {
    return this.rpc.call(RPC.linksList, { tenantId: auth.tenantId, userId: q.user_id, status: q.status, cursor: q.cursor, limit: q.limit ?? 20 });
  }

  /** The link with its delivery history: each email or text, its status and the provider's events, newest first. */
  @Get(':id')
  @RequireScope('magic_links:view')
  @ApiResponse({ status: 200, type: MagicLinkDetail, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'A link with its delivery history' })
  get(@Auth() auth: AuthContext, @Param() p: IdParam): Promise<LinkDetailView> {
    return this.rpc.call(RPC.linksGet, { tenantId: auth.tenantId, id: p.id });
  }

  @Delete(':id')
  @RequireScope('magic_links:remove')
  @ApiResponse({ status: 200, type: MagicLink, description: 'OK' })
  @ApiErrors('not_found', 'conflict')
  @ApiOperation({ summary: 'Revoke a live link' })
  revoke(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: IdParam): Promise<LinkView> {
    return this.rpc.call(RPC.linksRevoke, { tenantId: auth.tenantId, id: p.id, actor });
  }

  @Post('authenticate')
  @HttpCode(200)
  @RequireScope('magic_links:view')
  @ApiResponse({ status: 200, type: Verification, description: 'OK' })
  @ApiErrors('invalid_token', 'expired', 'used', 'revoked', 'binding_mismatch', 'user_disabled', 'rate_limited')
  @ApiOperation({ summary: 'Verify and consume a link\'s token' })
  @ApiBody({ type: AuthenticateDto, examples: { token: { summary: 'The token from /l/<token>', value: { token: 'Xk2…token-from-the-link', ip_address: '203.0.113.7' } } } })
  async authenticate(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: AuthenticateDto): Promise<AuthenticateResponse> {
    return this.lockout.attemptForTenant(auth.tenantId, dto.ip_address, this.lockout.ofSecret(dto.token), () =>
      this.rpc.call(RPC.linksAuthenticate, { tenantId: auth.tenantId, token: dto.token, ipAddress: dto.ip_address, userAgent: dto.user_agent, actor }));
  }

  @Post('exchange')
  @HttpCode(200)
  @RequireScope('magic_links:view')
  @ApiResponse({ status: 200, type: Verification, description: 'OK' })
  @ApiErrors('invalid_code', 'expired', 'used', 'rate_limited')
  @ApiOperation({ summary: 'Exchange a hosted link\'s one-time code for the user' })
  @ApiBody({ type: ExchangeDto, examples: { code: { summary: 'The ?code= of the redirect', value: { code: 'c_8f2…', code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' } } } })
  async exchange(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: ExchangeDto): Promise<AuthenticateResponse> {
    return this.lockout.attemptForTenant(auth.tenantId, null, this.lockout.ofSecret(dto.code), () =>
      this.rpc.call(RPC.linksExchange, { tenantId: auth.tenantId, code: dto.code, codeVerifier: dto.code_verifier, actor }));
  }
}
