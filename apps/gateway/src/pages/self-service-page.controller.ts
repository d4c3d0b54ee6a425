import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SelfServiceKind, selfServiceAllowed, SesameError, signUpContextData } from '@sesame/domain';
import { PublicTenant } from '@sesame/messaging';
import { SignInRequests } from '../public/sign-in-requests.service';
import { TenantDirectory } from '../public/tenant-directory';
import { sendPage } from './html';
import { problemPage, unavailablePage } from './link-pages';
import { PageContext, PageContexts } from './page-context';
import { emailField, field, formOf, isRateLimited, retryAfterOf, tooManyLinks } from './page-replies';
import { selfServiceFormPage, selfServiceOffPage, selfServiceSentPage } from './self-service-pages';

/**
 * The hosted self-service pages, `/p/<tenant_slug>/forgot-password | verify-email | sign-up`:
 * an email form whose POST answers "check your email" whoever the address belongs to. The
 * request takes the sign-in page's path (the same limits before anything is looked up, the same
 * hand-off to token-service without waiting), so known and unknown addresses get the same bytes
 * at the same speed; which link is sent, if any, is decided afterwards (self-service.service.ts).
 */
@ApiExcludeController()
@Controller('p/:tenant_slug')
export class SelfServicePageController {
  constructor(
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SignInRequests) private readonly requests: SignInRequests,
    @Inject(PageContexts) private readonly pages: PageContexts,
  ) {}

  /** Entrust: password reset links are "triggered by an administrator or by a self-service request". */
  @Get('forgot-password')
  forgotPassword(@Param('tenant_slug') slug: string, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.form('forgot_password', slug, query, req, reply);
  }

  @Post('forgot-password')
  requestReset(@Param('tenant_slug') slug: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.submit('forgot_password', slug, req, reply);
  }

  /** Entrust: Magic Links "confirm email ownership" with a single-use, time-limited link. */
  @Get('verify-email')
  verifyEmail(@Param('tenant_slug') slug: string, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.form('verify_email', slug, query, req, reply);
  }

  @Post('verify-email')
  requestVerification(@Param('tenant_slug') slug: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.submit('verify_email', slug, req, reply);
  }

  /** Entrust: "send a registration link directly to the user email address so users can start enrollment quickly". */
  @Get('sign-up')
  signUp(@Param('tenant_slug') slug: string, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.form('sign_up', slug, query, req, reply);
  }

  @Post('sign-up')
  requestSignUp(@Param('tenant_slug') slug: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.submit('sign_up', slug, req, reply);
  }

  private async form(kind: SelfServiceKind, slug: string, query: Record<string, unknown>, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const offered = await this.offered(kind, slug, req, reply);
    if (!offered) return;
    sendPage(reply, offered.ctx, selfServiceFormPage(offered.ctx, {
      slug, kind, redirectUrl: field(query, 'redirect_url') || null,
      contextData: kind === 'sign_up' ? signUpContextData(query) : undefined,
    }));
  }

  private async submit(kind: SelfServiceKind, slug: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const offered = await this.offered(kind, slug, req, reply);
    if (!offered) return;
    const { tenant, ctx } = offered;
    const form = formOf(req);
    const email = emailField(form);
    const redirectUrl = field(form, 'redirect_url') || undefined;
    const contextData = kind === 'sign_up' ? signUpContextData(form) : undefined;
    const again = (error: string, status?: number) => selfServiceFormPage(ctx, { slug, kind, redirectUrl: redirectUrl ?? null, contextData, error, status });
    if (!email) return sendPage(reply, ctx, again(ctx.t.pages.signIn.invalidEmail));
    try {
      await this.requests.acceptSelfService(tenant, req, { kind, email, redirectUrl, contextData, language: ctx.language });
      sendPage(reply, ctx, selfServiceSentPage(ctx, kind));
    } catch (err) {
      // Over a limit: the same page for every address (the limits run before any look-up).
      if (isRateLimited(err)) return sendPage(reply, ctx, again(tooManyLinks(ctx, err), 429), { 'retry-after': String(retryAfterOf(err)) });
      // A redirect URL off the allow-list: the same refusal for every address too.
      if (err instanceof SesameError && err.status < 500) return sendPage(reply, ctx, again(err.message));
      sendPage(reply, ctx, unavailablePage(ctx));
    }
  }

  /** The tenant and page context, when the tenant offers this page; otherwise the page has been answered (404, 403, 503). */
  private async offered(kind: SelfServiceKind, slug: string, req: FastifyRequest, reply: FastifyReply): Promise<{ tenant: PublicTenant; ctx: PageContext } | null> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => undefined);
    const ctx = await this.pages.of(req, tenant ?? null);
    if (tenant === undefined) sendPage(reply, ctx, unavailablePage(ctx));
    else if (!tenant) sendPage(reply, ctx, problemPage(ctx, 'invalid'));
    else if (!selfServiceAllowed(kind, tenant.policy)) sendPage(reply, ctx, selfServiceOffPage(ctx, kind));
    else return { tenant, ctx };
    return null;
  }
}
