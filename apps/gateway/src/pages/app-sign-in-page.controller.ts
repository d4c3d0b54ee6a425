import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FIRST_FACTOR_TTL_SECONDS, secondFactorOptions, selfServiceAllowed, SesameError } from '@sesame/domain';
import { ACCOUNT_RPC, Actor, ApplicationView, PublicTenant } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { userAgentOf } from '../http/user-agent';
import { firstFactorCookie, firstFactorOf } from '../public/sign-in-cookie';
import { TenantDirectory } from '../public/tenant-directory';
import { tenantSubject, VerificationLockout } from '../rate-limits/verification-lockout.service';
import { appDisabledPage, AppPage, appSignInPage, magicLinkSentPage, secondFactorPage } from './app-sign-in-pages';
import { sendPage } from './html';
import { problemPage, unavailablePage } from './link-pages';
import { PageContext, PageContexts } from './page-context';
import { emailField, field, formOf, isRateLimited, redirectPage, retryAfterOf } from './page-replies';
import { SELF_SERVICE_PAGES } from './self-service-pages';
import { lockedOutPage } from './sign-in-pages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface AppContext {
  tenant: PublicTenant;
  app: ApplicationView;
  page: AppPage;
  ctx: PageContext;
}

/**
 * `/p/<tenant_slug>/apps/<application_id>/sign-in`: the hosted sign-in of an application whose
 * authentication flow is "password then magic link" (Entrust: "add Magic Link as a second-factor
 * authenticator"; "confirm Magic Link appears as an option"). Step one checks the password
 * (wrong ones count towards the same lock-out as wrong codes); step two offers the second
 * factors the application allows and starts the auth flow with the one chosen, which completes
 * when its emailed link is used. An application that signs in by magic link alone is sent to the
 * hosted sign-in page. Works without JavaScript.
 */
@ApiExcludeController()
@Controller('p/:tenant_slug/apps/:application_id/sign-in')
export class AppSignInPageController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
    @Inject(PageContexts) private readonly pages: PageContexts,
  ) {}

  @Get()
  async form(
    @Param('tenant_slug') slug: string, @Param('application_id') appId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    const c = await this.context(slug, appId, req, reply);
    if (c) sendPage(reply, c.ctx, this.signInPage(c));
  }

  @Post()
  async password(
    @Param('tenant_slug') slug: string, @Param('application_id') appId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    const c = await this.context(slug, appId, req, reply);
    if (!c) return;
    const form = formOf(req);
    const email = emailField(form);
    const password = typeof form.password === 'string' ? form.password.slice(0, 1024) : '';
    if (!email) return sendPage(reply, c.ctx, this.signInPage(c, c.ctx.t.pages.signIn.invalidEmail));
    // Wrong passwords count against the IP and the account in this tenant, like wrong codes against their link.
    const subject = tenantSubject(c.tenant, req.ip, this.lockout.ofAccount(email));
    try {
      const passed = await this.lockout.attempt(subject, () => this.rpc.call(ACCOUNT_RPC.authFlowsFirstFactor, {
        tenantId: c.tenant.id, actor: this.actor(req), application: c.app.id, email, password,
      }));
      redirectPage(reply, `${c.page.base}/second-factor`, { 'set-cookie': firstFactorCookie(passed.ticket, FIRST_FACTOR_TTL_SECONDS) });
    } catch (err) {
      // Locked out (too many wrong passwords from this IP or for this account): the sign-in pages' 429.
      if (isRateLimited(err)) return sendPage(reply, c.ctx, lockedOutPage(c.ctx, retryAfterOf(err)), { 'retry-after': String(retryAfterOf(err)) });
      if (err instanceof SesameError && (err.code === 'invalid_credentials' || err.code === 'user_disabled')) {
        return sendPage(reply, c.ctx, this.signInPage(c, c.ctx.t.pages.appSignIn.wrongPassword, 401));
      }
      this.sendError(c.ctx, reply, err, c);
    }
  }

  /** Step two: the second factors this application allows, each a button. */
  @Get('second-factor')
  async options(
    @Param('tenant_slug') slug: string, @Param('application_id') appId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    const c = await this.context(slug, appId, req, reply);
    if (!c) return;
    if (!firstFactorOf(req)) return redirectPage(reply, c.page.base);
    sendPage(reply, c.ctx, secondFactorPage(c.ctx, c.page, this.optionsOf(c)));
  }

  @Post('second-factor')
  async choose(
    @Param('tenant_slug') slug: string, @Param('application_id') appId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    const c = await this.context(slug, appId, req, reply);
    if (!c) return;
    const ticket = firstFactorOf(req);
    if (!ticket) return redirectPage(reply, c.page.base);
    const factor = field(formOf(req), 'factor', 32);
    if (!(this.optionsOf(c) as string[]).includes(factor)) return sendPage(reply, c.ctx, secondFactorPage(c.ctx, c.page, this.optionsOf(c), 400));
    try {
      await this.rpc.call(ACCOUNT_RPC.authFlowsStart, {
        requestId: randomUUID(), tenantId: c.tenant.id, actor: this.actor(req), application: c.app.id,
        firstFactorTicket: ticket, bindToBrowser: true, language: c.ctx.language,
      });
      sendPage(reply, c.ctx, magicLinkSentPage(c.ctx, c.page), { 'set-cookie': firstFactorCookie('', 0) });
    } catch (err) {
      // The ticket expired (or the tenant's keys rotated): the password again.
      if (err instanceof SesameError && err.code === 'invalid_credentials') return redirectPage(reply, c.page.base, { 'set-cookie': firstFactorCookie('', 0) });
      this.sendError(c.ctx, reply, err, c);
    }
  }

  private optionsOf(c: AppContext) {
    return secondFactorOptions(c.app.auth_flow, c.tenant.policy.links.login.enabled);
  }

  private signInPage(c: AppContext, error?: string, status?: number) {
    const forgot = selfServiceAllowed('forgot_password', c.tenant.policy) ? `/p/${c.tenant.slug}/${SELF_SERVICE_PAGES.forgot_password.path}` : null;
    return appSignInPage(c.ctx, c.page, forgot, error, status);
  }

  private actor(req: FastifyRequest): Actor {
    return { apiKeyId: null, ip: req.ip ?? null, userAgent: userAgentOf(req) };
  }

  /**
   * The tenant and its application, or the page has been answered: unknown → 404, disabled →
   * 403 (before any factor), magic link alone → the hosted sign-in page.
   */
  private async context(slug: string, appId: string, req: FastifyRequest, reply: FastifyReply): Promise<AppContext | null> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => null);
    const ctx = await this.pages.of(req, tenant);
    try {
      if (!tenant || !UUID.test(appId)) return this.notFound(ctx, reply);
      const app = await this.rpc.call(ACCOUNT_RPC.applicationsGet, { tenantId: tenant.id, id: appId });
      if (!app.enabled) {
        sendPage(reply, ctx, appDisabledPage(ctx, app.name));
        return null;
      }
      if (app.auth_flow === 'magic_link') {
        redirectPage(reply, `/p/${slug}/sign-in${app.redirect_url ? `?redirect_url=${encodeURIComponent(app.redirect_url)}` : ''}`);
        return null;
      }
      return { tenant, app, ctx, page: { base: `/p/${slug}/apps/${app.id}/sign-in`, appName: app.name } };
    } catch (err) {
      this.sendError(ctx, reply, err);
      return null;
    }
  }

  private notFound(ctx: PageContext, reply: FastifyReply): null {
    sendPage(reply, ctx, problemPage(ctx, 'invalid'));
    return null;
  }

  private sendError(ctx: PageContext, reply: FastifyReply, err: unknown, c?: AppContext): void {
    if (err instanceof SesameError && err.code === 'not_found') return void this.notFound(ctx, reply);
    if (err instanceof SesameError && err.code === 'application_disabled' && c) return sendPage(reply, ctx, appDisabledPage(ctx, c.app.name));
    sendPage(reply, ctx, unavailablePage(ctx));
  }
}
