import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PublicTenant } from '@sesame/messaging';
import { SelfServiceKind, selfServiceAllowed, SesameError, signUpContextData } from '@sesame/domain';
import { SignInRequests } from '../public/sign-in-requests.service';
import { TenantDirectory } from '../public/tenant-directory';
import { problemPage, unavailablePage } from './link-pages';
import { emailField, field, formOf, isRateLimited, sendLocked, sendPage } from './page-replies';
import { selfServiceFormPage, selfServiceOffPage, selfServiceSentPage } from './self-service-pages';
import { PAGE_TEXT } from './self-service.strings';

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
  ) {}

  /** Entrust: password reset links are "triggered by an administrator or by a self-service request". */
  @Get('forgot-password')
  forgotPassword(@Param('tenant_slug') slug: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    return this.form('forgot_password', slug, query, reply);
  }

  @Post('forgot-password')
  requestReset(@Param('tenant_slug') slug: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.submit('forgot_password', slug, req, reply);
  }

  /** Entrust: confirm "email ownership" with a single-use, time-limited link. */
  @Get('verify-email')
  verifyEmail(@Param('tenant_slug') slug: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    return this.form('verify_email', slug, query, reply);
  }

  @Post('verify-email')
  requestVerification(@Param('tenant_slug') slug: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.submit('verify_email', slug, req, reply);
  }

  /** Entrust: "send a registration link directly to the user email address so users can start enrollment quickly". */
  @Get('sign-up')
  signUp(@Param('tenant_slug') slug: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    return this.form('sign_up', slug, query, reply);
  }

  @Post('sign-up')
  requestSignUp(@Param('tenant_slug') slug: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.submit('sign_up', slug, req, reply);
  }

  private async form(kind: SelfServiceKind, slug: string, query: Record<string, unknown>, reply: FastifyReply): Promise<void> {
    const tenant = await this.offered(kind, slug, reply);
    if (!tenant) return;
    sendPage(reply, 200, selfServiceFormPage({
      slug, kind, appName: tenant.policy.app.name, redirectUrl: field(query, 'redirect_url') || null,
      contextData: kind === 'sign_up' ? signUpContextData(query) : undefined,
    }));
  }

  private async submit(kind: SelfServiceKind, slug: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const tenant = await this.offered(kind, slug, reply);
    if (!tenant) return;
    const form = formOf(req);
    const email = emailField(form);
    const redirectUrl = field(form, 'redirect_url') || undefined;
    const contextData = kind === 'sign_up' ? signUpContextData(form) : undefined;
    const again = (error: string) => selfServiceFormPage({ slug, kind, appName: tenant.policy.app.name, redirectUrl: redirectUrl ?? null, contextData, error });
    if (!email) return sendPage(reply, 400, again(PAGE_TEXT.invalidEmail));
    try {
      await this.requests.acceptSelfService(tenant, req, { kind, email, redirectUrl, contextData });
      sendPage(reply, 200, selfServiceSentPage(kind, tenant.policy.app.name));
    } catch (err) {
      if (isRateLimited(err)) return sendLocked(reply, err);
      // A redirect URL off the allow-list: the same refusal for every address.
      if (err instanceof SesameError && err.status < 500) return sendPage(reply, 400, again(err.message));
      const p = unavailablePage();
      sendPage(reply, p.status, p.html);
    }
  }

  /** The tenant, when it offers this page; otherwise the page has been answered (404 or 403). */
  private async offered(kind: SelfServiceKind, slug: string, reply: FastifyReply): Promise<PublicTenant | null> {
    const tenant = await this.tenants.findBySlug(slug).catch(() => undefined);
    if (tenant === undefined) {
      const p = unavailablePage();
      sendPage(reply, p.status, p.html);
      return null;
    }
    if (!tenant) {
      const p = problemPage('invalid');
      sendPage(reply, 404, p.html);
      return null;
    }
    if (!selfServiceAllowed(kind, tenant.policy)) {
      const p = selfServiceOffPage(kind, tenant.policy.app.name);
      sendPage(reply, p.status, p.html);
      return null;
    }
    return tenant;
  }
}
