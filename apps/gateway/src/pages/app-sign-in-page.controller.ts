import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FIRST_FACTOR_TTL_SECONDS, secondFactorOptions, selfServiceAllowed, SesameError } from '@sesame/domain';
import { ACCOUNT_RPC, Actor, ApplicationView, FirstFactorResponse, PublicTenant } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { firstFactorCookie, firstFactorOf } from '../public/sign-in-cookie';
import { userAgentOf } from '../public/sign-in-requests.service';
import { TenantDirectory } from '../public/tenant-directory';
import { SignInLimits } from '../rate-limits/sign-in-limits.service';
import { appDisabledPage, appSignInPage, magicLinkSentPage, secondFactorPage } from './app-sign-in-pages';
import { problemPage, unavailablePage } from './link-pages';
import { emailField, field, formOf, isRateLimited, redirectPage, sendLocked, sendPage } from './page-replies';
import { SELF_SERVICE_PATHS } from './self-service-pages';
import { PAGE_TEXT } from './self-service.strings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface AppContext {
  tenant: PublicTenant;
  app: ApplicationView;
  base: string;
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
    @Inject(SignInLimits) private readonly limits: SignInLimits,
  ) {}

  @Get()
  async form(@Param('tenant_slug') slug: string, @Param('application_id') appId: string, @Res() reply: FastifyReply): Promise<void> {
    const c = await this.context(slug, appId, reply);
    if (c) sendPage(reply, 200, this.signInPage(c));
  }

  @Post()
  async password(
    @Param('tenant_slug') slug: string, @Param('application_id') appId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    const c = await this.context(slug, appId, reply);
    if (!c) return;
    const form = formOf(req);
    const email = emailField(form);
    const password = typeof form.password === 'string' ? form.password.slice(0, 1024) : '';
    if (!email) return sendPage(reply, 400, this.signInPage(c, PAGE_TEXT.invalidEmail));
    const limits = c.tenant.policy.rate_limits;
    const accountKey = this.limits.accountKey(c.tenant.id, email);
    try {
      await this.limits.assertMayVerify(req.ip, accountKey, limits);
      const passed = await this.rpc.call<FirstFactorResponse>(ACCOUNT_RPC.authFlowsFirstFactor, {
        tenantId: c.tenant.id, actor: this.actor(req), application: c.app.id, email, password,
      });
      redirectPage(reply, `${c.base}/second-factor`, { 'set-cookie': firstFactorCookie(passed.ticket, FIRST_FACTOR_TTL_SECONDS) });
    } catch (err) {
      if (isRateLimited(err)) return sendLocked(reply, err);
      if (err instanceof SesameError && (err.code === 'invalid_credentials' || err.code === 'user_disabled')) {
        // A wrong password counts against the IP and the account, like a wrong code against its link.
        if (err.code === 'invalid_credentials') await this.limits.recordFailure(req.ip, accountKey, limits).catch(() => undefined);
        return sendPage(reply, 401, this.signInPage(c, PAGE_TEXT.wrongPassword));
      }
      this.sendError(reply, err, c);
    }
  }

  /** Step two: the second factors this application allows, each a button. */
  @Get('second-factor')
  async options(
    @Param('tenant_slug') slug: string, @Param('application_id') appId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    const c = await this.context(slug, appId, reply);
    if (!c) return;
    if (!firstFactorOf(req)) return redirectPage(reply, c.base);
    sendPage(reply, 200, secondFactorPage(c.base, c.app.name, this.optionsOf(c)));
  }

  @Post('second-factor')
  async choose(
    @Param('tenant_slug') slug: string, @Param('application_id') appId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply,
  ): Promise<void> {
    const c = await this.context(slug, appId, reply);
    if (!c) return;
    const ticket = firstFactorOf(req);
    if (!ticket) return redirectPage(reply, c.base);
    const factor = field(formOf(req), 'factor', 32);
    if (!(this.optionsOf(c) as string[]).includes(factor)) {
      return sendPage(reply, 400, secondFactorPage(c.base, c.app.name, this.optionsOf(c)));
    }
    try {
      await this.rpc.call(ACCOUNT_RPC.authFlowsStart, {
        requestId: randomUUID(), tenantId: c.tenant.id, actor: this.actor(req), application: c.app.id,
        firstFactorTicket: ticket, bindToBrowser: true,
      });
      void reply.header('set-cookie', firstFactorCookie('', 0));
      sendPage(reply, 200, magicLinkSentPage(c.base, c.app.name));
    } catch (err) {
      // The ticket expired (or the tenant's keys rotated): the password again.
      if (err instanceof SesameError && err.code === 'invalid_credentials') return redirectPage(reply, c.base, { 'set-cookie': firstFactorCookie('', 0) });
      this.sendError(reply, err, c);
    }
  }

  private optionsOf(c: AppContext) {
    return secondFactorOptions(c.app.auth_flow, c.tenant.policy.links.login.enabled);
  }

  private signInPage(c: AppContext, error?: string): string {
    const forgot = selfServiceAllowed('forgot_password', c.tenant.policy) ? `/p/${c.tenant.slug}/${SELF_SERVICE_PATHS.forgot_password}` : null;
    return appSignInPage({ base: c.base, appName: c.app.name, forgotPasswordUrl: forgot, error });
  }

  private actor(req: FastifyRequest): Actor {
    return { apiKeyId: null, ip: req.ip ?? null, userAgent: userAgentOf(req) };
  }

  /**
   * The tenant and its application, or the page has been answered: unknown → 404, disabled →
   * 403 (before any factor), magic link alone → the hosted sign-in page.
   */
  private async context(slug: string, appId: string, reply: FastifyReply): Promise<AppContext | null> {
    try {
      const tenant = await this.tenants.findBySlug(slug);
      if (!tenant || !UUID.test(appId)) return this.notFound(reply);
      const app = await this.rpc.call<ApplicationView>(ACCOUNT_RPC.applicationsGet, { tenantId: tenant.id, id: appId });
      if (!app.enabled) {
        const p = appDisabledPage(app.name);
        sendPage(reply, p.status, p.html);
        return null;
      }
      if (app.auth_flow === 'magic_link') {
        redirectPage(reply, `/p/${slug}/sign-in${app.redirect_url ? `?redirect_url=${encodeURIComponent(app.redirect_url)}` : ''}`);
        return null;
      }
      return { tenant, app, base: `/p/${slug}/apps/${app.id}/sign-in` };
    } catch (err) {
      this.sendError(reply, err);
      return null;
    }
  }

  private notFound(reply: FastifyReply): null {
    sendPage(reply, 404, problemPage('invalid').html);
    return null;
  }

  private sendError(reply: FastifyReply, err: unknown, c?: AppContext): void {
    if (err instanceof SesameError && err.code === 'not_found') return void this.notFound(reply);
    if (err instanceof SesameError && err.code === 'application_disabled' && c) {
      const p = appDisabledPage(c.app.name);
      return sendPage(reply, p.status, p.html);
    }
    const p = unavailablePage();
    sendPage(reply, p.status, p.html);
  }
}
