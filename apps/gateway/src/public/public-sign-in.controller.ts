import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignInEvents } from './sign-in-events';
import { RPC, SignInCodeResponse, SignInStatusResponse } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { SignInLimits } from '../rate-limits/sign-in-limits.service';
import { identifierOfRequest, tenantSubject, VerificationLockout } from '../rate-limits/verification-lockout.service';
import { browserNonceOf } from './sign-in-cookie';
import { PublicLinkRequestDto, RequestIdParam, SignInCodeDto } from './public-sign-in.dto';
import { userAgentOf } from '../http/user-agent';
import { LinkRequestAccepted, SignInRequests } from './sign-in-requests.service';
import { TenantDirectory } from './tenant-directory';
import { SignInCodeAccepted, SignInRequestAccepted, SignInRequestStatus } from './public-sign-in.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/**
 * Sign-in for browsers and single-page apps, no API key (`/v1/public/{tenant_slug}/magic-links`).
 * CORS is limited to the tenant's origins (public-cors.ts).
 */
@ApiTags('public sign-in')
@Controller('v1/public/:tenant_slug/magic-links')
export class PublicSignInController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SignInLimits) private readonly limits: SignInLimits,
    @Inject(SignInRequests) private readonly requests: SignInRequests,
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
  ) {}

  /**
   * Always `202 {request_id, match_code}` — the same for a known and an unknown address — or the
   * same `429` for both. The look-up and the email happen after the answer has left.
   */
  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Email a sign-in link (and a 6-digit code) to an address' })
  @ApiResponse({ status: 202, type: SignInRequestAccepted, description: 'Accepted' })
  @ApiErrors('not_found', 'redirect_not_allowed', 'rate_limited')
  async request(@Param('tenant_slug') slug: string, @Body() dto: PublicLinkRequestDto, @Req() req: FastifyRequest): Promise<LinkRequestAccepted> {
    const tenant = await this.tenants.bySlug(slug);
    return this.requests.accept(tenant, req, { email: dto.email, redirectUrl: dto.redirect_url, codeChallenge: dto.code_challenge });
  }

  /** The asking screen polls this until the link is used elsewhere; the answer that sees it approved carries a one-time `code`. */
  @Get(':request_id')
  @ApiOperation({ summary: 'State of a sign-in request (pending, approved, completed, expired, failed)' })
  @ApiResponse({ status: 200, type: SignInRequestStatus, description: 'OK' })
  @ApiErrors('not_found')
  async status(@Param() p: RequestIdParam): Promise<SignInStatusResponse> {
    const tenant = await this.tenants.bySlug(p.tenant_slug);
    return this.rpc.call(RPC.signInStatus, { tenantId: tenant.id, requestId: p.request_id });
  }

  /**
   * The same as a server-sent event stream: an `event: status` whenever the status changes, the
   * last one when it is no longer pending (with `code` once approved elsewhere); then it closes.
   */
  @Get(':request_id/events')
  @ApiResponse({ status: 200, description: '`event: status` messages, each `data:` a SignInRequestStatus', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'Server-sent events of a sign-in request\'s status' })
  @ApiErrors('not_found')
  async events(@Param() p: RequestIdParam, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const tenant = await this.tenants.bySlug(p.tenant_slug);
    const status = () => this.rpc.call(RPC.signInStatus, { tenantId: tenant.id, requestId: p.request_id });
    await new SignInEvents(status).stream(req, reply, await status());
  }

  /** The 6-digit code from the email; the 5th wrong one kills the request. */
  @Post(':request_id/code')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with the 6-digit code from the email' })
  @ApiResponse({ status: 200, type: SignInCodeAccepted, description: 'OK' })
  @ApiErrors('not_found', 'invalid_code', 'expired', 'rate_limited')
  async code(@Param() p: RequestIdParam, @Body() dto: SignInCodeDto, @Req() req: FastifyRequest): Promise<SignInCodeResponse> {
    const tenant = await this.tenants.bySlug(p.tenant_slug);
    await this.limits.publicCall(tenant.policy.rate_limits, tenant.id, req.ip);
    return this.lockout.attempt(tenantSubject(tenant, req.ip, identifierOfRequest(p.request_id)), () => this.rpc.call(RPC.signInCode, {
      tenantId: tenant.id, requestId: p.request_id, code: dto.code, ip: req.ip, userAgent: userAgentOf(req),
      // The same binding the hosted pages check: the asking browser's cookie, or the PKCE verifier.
      browserNonce: browserNonceOf(req), codeVerifier: dto.code_verifier,
    }));
  }
}
