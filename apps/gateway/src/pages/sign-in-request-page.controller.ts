import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SesameError } from '@sesame/domain';
import { PublicTenant, RPC, SignInStatusResponse } from '@sesame/messaging';
import { errorBody } from '../http/error-body';
import { RpcClient } from '../http/rpc.client';
import { browserNonceOf, newBrowserNonce, resendCookie, resendDataOf, ResendData, signInCookie } from '../public/sign-in-cookie';
import { userAgentOf } from '../http/user-agent';
import { SignInRequests } from '../public/sign-in-requests.service';
import { TenantDirectory } from '../public/tenant-directory';
import { COUNTED_FAILURES, identifierOfRequest, tenantSubject, VerificationLockout } from '../rate-limits/verification-lockout.service';
import { PAGE_HEADERS, sendPage } from './html';
import { problemPage, unavailablePage } from './link-pages';
import { PageContext, PageContexts } from './page-context';
import { emailField, field, formOf, retryAfterOf, tooManyLinks } from './page-replies';
import { lockedOutPage, signInEndedPage, signInRequestPage, signInWaitingPage, wrongCodeMessage } from './sign-in-pages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REFRESH_SECONDS = 3;
const MATCH_CODE = /^[A-Z2-9]{3}-[A-Z2-9]{3}$/;

/**
 * The hosted sign-in page, `/p/<tenant_slug>/sign-in`, for apps that do not build their own: ask
 * for a link (the browser gets a `__Host-` cookie that recognises it when the link is opened
 * here), then wait — the page refreshes itself and continues once the link is confirmed on
 * another device — or type the 6-digit code, or ask for a new link. Works without JavaScript.
 */
@ApiExcludeController()
@Controller('p/:tenant_slug/sign-in')
export class SignInRequestPageController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SignInRequests) private readonly requests: SignInRequests,
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
    @Inject(PageContexts) private readonly pages: PageContexts,
  ) {}

  @Get()
  async form(
    @Param('tenant_slug') slug: string, @Query('redirect_url') redirectUrl: string | undefined, @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    const ctx = await this.pages.of(req, tenant);
    if (!tenant) return sendPage(reply, ctx, problemPage(ctx, 'invalid'));
    sendPage(reply, ctx, signInRequestPage(ctx, slug, typeof redirectUrl === 'string' ? redirectUrl.slice(0, 2048) : null));
  }

  @Post()
  async submit(@Param('tenant_slug') slug: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    const ctx = await this.pages.of(req, tenant);
    if (!tenant) return sendPage(reply, ctx, problemPage(ctx, 'invalid'));
    const form = formOf(req);
    const email = emailField(form);
    const redirectUrl = field(form, 'redirect_url') || undefined;
    if (!email) {
      return sendPage(reply, ctx, signInRequestPage(ctx, slug, redirectUrl ?? null, ctx.t.pages.signIn.invalidEmail));
    }
    try {
      await this.ask(tenant, { email, redirectUrl }, req, reply);
    } catch (err) {
      if (err instanceof SesameError && err.code === 'rate_limited') {
        const page = { ...signInRequestPage(ctx, slug, redirectUrl ?? null, tooManyLinks(ctx, err)), status: 429 };
        return sendPage(reply, ctx, page, { 'retry-after': String(retryAfterOf(err)) });
      }
      if (err instanceof SesameError && err.status < 500) return sendPage(reply, ctx, signInRequestPage(ctx, slug, null, err.message));
      sendPage(reply, ctx, unavailablePage(ctx));
    }
  }

  /** The waiting page; once the request is approved elsewhere, on to the app with a one-time code. */
  @Get(':request_id')
  async waiting(
    @Param('tenant_slug') slug: string, @Param('request_id') requestId: string, @Query('m') m: unknown,
    @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.show(slug, requestId, req, reply, { shownMatch: typeof m === 'string' && MATCH_CODE.test(m) ? m : undefined });
  }

  @Post(':request_id/code')
  async code(@Param('tenant_slug') slug: string, @Param('request_id') requestId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    const ctx = await this.pages.of(req, tenant);
    if (!tenant || !UUID.test(requestId)) return sendPage(reply, ctx, problemPage(ctx, 'invalid'));
    const code = field(formOf(req), 'code', 16);
    const subject = tenantSubject(tenant, req.ip, identifierOfRequest(requestId));
    try {
      // The request must be this browser's (its cookie) before a code is tried against it.
      const s = await this.rpc.call(RPC.signInStatus, { tenantId: tenant.id, requestId, browserNonce: browserNonceOf(req) });
      if (s.redirect_to) return void reply.status(303).headers({ ...PAGE_HEADERS, location: s.redirect_to }).send();
      await this.lockout.assertMayVerify(subject);
      if (!/^[0-9]{6}$/.test(code)) return await this.show(slug, requestId, req, reply, { error: ctx.t.pages.signIn.codeFormat });
      const done = await this.rpc.call(RPC.signInCode, {
        tenantId: tenant.id, requestId, code, browserNonce: browserNonceOf(req), ip: req.ip, userAgent: userAgentOf(req),
      });
      void reply.status(303).headers({ ...PAGE_HEADERS, location: done.redirect_to }).send();
    } catch (err) {
      if (err instanceof SesameError && COUNTED_FAILURES.has(err.code)) await this.lockout.recordFailure(subject).catch(() => undefined);
      if (err instanceof SesameError && err.code === 'rate_limited') return this.locked(ctx, reply, err);
      if (err instanceof SesameError && err.code === 'invalid_code') {
        const left = Number(err.details?.attempts_left ?? 0);
        return this.show(slug, requestId, req, reply, { error: left > 0 ? wrongCodeMessage(ctx, left) : undefined });
      }
      this.sendError(ctx, reply, err);
    }
  }

  /**
   * "Send a new link": a new request for the address and redirect this browser asked with (its
   * resend cookie), under the same limits as the form; over them, the waiting page says when.
   */
  @Post(':request_id/resend')
  async resend(@Param('tenant_slug') slug: string, @Param('request_id') requestId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    const ctx = await this.pages.of(req, tenant);
    if (!tenant || !UUID.test(requestId)) return sendPage(reply, ctx, problemPage(ctx, 'invalid'));
    const data = resendDataOf(req);
    if (!data || !emailField({ email: data.email })) {
      return void reply.status(303).headers({ ...PAGE_HEADERS, location: `/p/${slug}/sign-in` }).send();
    }
    try {
      await this.ask(tenant, data, req, reply);
    } catch (err) {
      if (err instanceof SesameError && err.code === 'rate_limited') {
        return this.show(slug, requestId, req, reply, { error: tooManyLinks(ctx, err), status: 429, headers: { 'retry-after': String(retryAfterOf(err)) } });
      }
      this.sendError(ctx, reply, err);
    }
  }

  /**
   * The waiting page's live status (its script polls this): `{status}` while pending, with
   * `redirect_to` in the one answer that completes an approved request — for this browser only
   * (its cookie), exactly as the page itself would redirect.
   */
  @Get(':request_id/status')
  async progress(@Param('tenant_slug') slug: string, @Param('request_id') requestId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const json = (status: number, body: unknown) => void reply.status(status).headers({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).send(body);
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    if (!tenant || !UUID.test(requestId)) return json(404, errorBody(new SesameError('not_found', 'No such sign-in request')));
    try {
      const s = await this.rpc.call(RPC.signInStatus, { tenantId: tenant.id, requestId, browserNonce: browserNonceOf(req) });
      json(200, s.redirect_to ? { status: s.status, redirect_to: s.redirect_to } : { status: s.status });
    } catch (err) {
      const e = err instanceof SesameError ? err : new SesameError('service_unavailable', 'Try again');
      json(e.status, errorBody(e));
    }
  }

  /** Accepts a link request and sends the browser to its waiting page, marked as the asking browser. */
  private async ask(tenant: PublicTenant, data: ResendData, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const nonce = newBrowserNonce();
    const accepted = await this.requests.accept(tenant, req, { ...data, browserNonce: nonce });
    const ttl = tenant.policy.links.login.ttl_seconds;
    void reply.status(303).headers(PAGE_HEADERS).header('set-cookie', [signInCookie(nonce, ttl), resendCookie(data, ttl)])
      // The match code rides along: the page may load before token-service has stored the request.
      .header('location', `/p/${tenant.slug}/sign-in/${accepted.request_id}?m=${accepted.match_code}`).send();
  }

  private async show(
    slug: string, requestId: string, req: FastifyRequest, reply: FastifyReply,
    o: { error?: string; shownMatch?: string; status?: number; headers?: Record<string, string> },
  ): Promise<void> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    const ctx = await this.pages.of(req, tenant);
    try {
      if (!tenant || !UUID.test(requestId)) return sendPage(reply, ctx, problemPage(ctx, 'invalid'));
      const s = await this.rpc
        .call(RPC.signInStatus, { tenantId: tenant.id, requestId, browserNonce: browserNonceOf(req) })
        .catch((err: unknown) => {
          // Not stored yet (the request is handled after the answer): wait with the code the browser was given.
          if (o.shownMatch && err instanceof SesameError && err.code === 'not_found') {
            const waiting: SignInStatusResponse = { request_id: requestId, status: 'pending', match_code: o.shownMatch, expires_at: '' };
            return waiting;
          }
          throw err;
        });
      if (s.redirect_to) return void reply.status(303).headers({ ...PAGE_HEADERS, location: s.redirect_to }).send();
      if (s.status !== 'pending') return sendPage(reply, ctx, signInEndedPage(ctx, s.status === 'approved' ? 'completed' : s.status));
      const page = signInWaitingPage(ctx, {
        slug, requestId, matchCode: s.match_code, expiresAt: s.expires_at || undefined, refreshSeconds: REFRESH_SECONDS, error: o.error,
        resendLimit: tenant.policy.rate_limits.email_per_hour,
      });
      sendPage(reply, ctx, o.status ? { ...page, status: o.status } : page, o.headers);
    } catch (err) {
      this.sendError(ctx, reply, err);
    }
  }

  private locked(ctx: PageContext, reply: FastifyReply, err: SesameError): void {
    const retry = retryAfterOf(err);
    sendPage(reply, ctx, lockedOutPage(ctx, retry), { 'retry-after': String(retry) });
  }

  private sendError(ctx: PageContext, reply: FastifyReply, err: unknown): void {
    if (err instanceof SesameError && err.code === 'not_found') return sendPage(reply, ctx, problemPage(ctx, 'invalid'));
    sendPage(reply, ctx, unavailablePage(ctx));
  }
}
