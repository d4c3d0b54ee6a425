import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SesameError } from '@sesame/domain';
import { RPC, SignInCodeResponse, SignInStatusResponse } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { COUNTED_FAILURES } from '../public/public-sign-in.controller';
import { browserNonceOf, newBrowserNonce, signInCookie } from '../public/sign-in-cookie';
import { userAgentOf } from '../http/user-agent';
import { SignInRequests } from '../public/sign-in-requests.service';
import { TenantDirectory } from '../public/tenant-directory';
import { linkKeyOfRequest, SignInLimits } from '../rate-limits/sign-in-limits.service';
import { PAGE_HEADERS } from './html';
import { problemPage, unavailablePage } from './link-pages';
import { lockedOutPage, signInEndedPage, signInRequestPage, signInWaitingPage } from './sign-in-pages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REFRESH_SECONDS = 3;
const MATCH_CODE = /^[A-Z2-9]{3}-[A-Z2-9]{3}$/;

/**
 * The hosted sign-in page, `/p/<tenant_slug>/sign-in`, for apps that do not build their own: ask
 * for a link (the browser gets a `__Host-` cookie that recognises it when the link is opened
 * here), then wait — the page refreshes itself and continues once the link is confirmed on
 * another device — or type the 6-digit code. Works without JavaScript.
 */
@ApiExcludeController()
@Controller('p/:tenant_slug/sign-in')
export class SignInRequestPageController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SignInRequests) private readonly requests: SignInRequests,
    @Inject(SignInLimits) private readonly limits: SignInLimits,
  ) {}

  @Get()
  async form(@Param('tenant_slug') slug: string, @Query('redirect_url') redirectUrl: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    if (!tenant) return this.problem(reply);
    this.html(reply, 200, signInRequestPage(slug, tenant.policy.app.name, typeof redirectUrl === 'string' ? redirectUrl.slice(0, 2048) : null));
  }

  @Post()
  async submit(@Param('tenant_slug') slug: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    if (!tenant) return this.problem(reply);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const redirectUrl = typeof form.redirect_url === 'string' && form.redirect_url !== '' ? form.redirect_url : undefined;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320) {
      return this.html(reply, 400, signInRequestPage(slug, tenant.policy.app.name, redirectUrl ?? null, 'Enter a valid email address.'));
    }
    const nonce = newBrowserNonce();
    try {
      const accepted = await this.requests.accept(tenant, req, { email, redirectUrl, browserNonce: nonce });
      const ttl = tenant.policy.links.login.ttl_seconds;
      void reply.status(303).headers({
        // The match code rides along: the page may load before token-service has stored the request.
        ...PAGE_HEADERS, location: `/p/${slug}/sign-in/${accepted.request_id}?m=${accepted.match_code}`, 'set-cookie': signInCookie(nonce, ttl),
      }).send();
    } catch (err) {
      if (err instanceof SesameError && err.code === 'rate_limited') return this.locked(reply, err);
      if (err instanceof SesameError && err.status < 500) {
        return this.html(reply, 400, signInRequestPage(slug, tenant.policy.app.name, null, err.message));
      }
      this.html(reply, 503, unavailablePage().html);
    }
  }

  /** The waiting page; once the request is approved elsewhere, on to the app with a one-time code. */
  @Get(':request_id')
  async waiting(
    @Param('tenant_slug') slug: string, @Param('request_id') requestId: string, @Query('m') m: unknown,
    @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.show(slug, requestId, req, reply, undefined, typeof m === 'string' && MATCH_CODE.test(m) ? m : undefined);
  }

  @Post(':request_id/code')
  async code(@Param('tenant_slug') slug: string, @Param('request_id') requestId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    if (!tenant || !UUID.test(requestId)) return this.problem(reply);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const code = typeof form.code === 'string' ? form.code.trim() : '';
    const limits = tenant.policy.rate_limits;
    const linkKey = linkKeyOfRequest(requestId);
    try {
      // The request must be this browser's (its cookie) before a code is tried against it.
      const s = await this.rpc.call<SignInStatusResponse>(RPC.signInStatus, { tenantId: tenant.id, requestId, browserNonce: browserNonceOf(req) });
      if (s.redirect_to) return void reply.status(303).headers({ ...PAGE_HEADERS, location: s.redirect_to }).send();
      await this.limits.assertMayVerify(req.ip, linkKey, limits);
      if (!/^[0-9]{6}$/.test(code)) return await this.show(slug, requestId, req, reply, 'Type the 6 digits from the email.');
      const done = await this.rpc.call<SignInCodeResponse>(RPC.signInCode, { tenantId: tenant.id, requestId, code, ip: req.ip, userAgent: userAgentOf(req) });
      void reply.status(303).headers({ ...PAGE_HEADERS, location: done.redirect_to }).send();
    } catch (err) {
      if (err instanceof SesameError && COUNTED_FAILURES.has(err.code)) await this.limits.recordFailure(req.ip, linkKey, limits).catch(() => undefined);
      if (err instanceof SesameError && err.code === 'rate_limited') return this.locked(reply, err);
      if (err instanceof SesameError && err.code === 'invalid_code') {
        const left = Number(err.details?.attempts_left ?? 0);
        return this.show(slug, requestId, req, reply, left > 0 ? `That code is not right. ${left} attempt${left === 1 ? '' : 's'} left.` : undefined);
      }
      this.sendError(reply, err);
    }
  }

  private async show(slug: string, requestId: string, req: FastifyRequest, reply: FastifyReply, error?: string, shownMatch?: string): Promise<void> {
    try {
      const tenant = await this.tenants.findBySlug(slug);
      if (!tenant || !UUID.test(requestId)) return this.problem(reply);
      const s = await this.rpc
        .call<SignInStatusResponse>(RPC.signInStatus, { tenantId: tenant.id, requestId, browserNonce: browserNonceOf(req) })
        .catch((err: unknown) => {
          // Not stored yet (the request is handled after the answer): wait with the code the browser was given.
          if (shownMatch && err instanceof SesameError && err.code === 'not_found') {
            const waiting: SignInStatusResponse = { request_id: requestId, status: 'pending', match_code: shownMatch, expires_at: '' };
            return waiting;
          }
          throw err;
        });
      if (s.redirect_to) return void reply.status(303).headers({ ...PAGE_HEADERS, location: s.redirect_to }).send();
      if (s.status !== 'pending') {
        const p = signInEndedPage(s.status === 'approved' ? 'completed' : s.status);
        return this.html(reply, p.status, p.html);
      }
      void reply.header('refresh', `${REFRESH_SECONDS}; url=/p/${slug}/sign-in/${requestId}?m=${s.match_code}`);
      this.html(reply, error ? 401 : 200, signInWaitingPage(slug, requestId, tenant.policy.app.name, s.match_code, error));
    } catch (err) {
      this.sendError(reply, err);
    }
  }

  private locked(reply: FastifyReply, err: SesameError): void {
    const retry = Number(err.details?.retry_after ?? 60);
    const p = lockedOutPage(retry);
    void reply.status(p.status).headers({ ...PAGE_HEADERS, 'retry-after': String(retry) }).send(p.html);
  }

  private sendError(reply: FastifyReply, err: unknown): void {
    if (err instanceof SesameError && err.code === 'not_found') return this.problem(reply);
    this.html(reply, 503, unavailablePage().html);
  }

  private problem(reply: FastifyReply): void {
    const p = problemPage('invalid');
    this.html(reply, 404, p.html);
  }

  private html(reply: FastifyReply, status: number, html: string): void {
    void reply.status(status).headers(PAGE_HEADERS).send(html);
  }
}
