import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newPasswordIssue, SesameError } from '@sesame/domain';
import { ACCOUNT_RPC, PeekPasswordResetResponse } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { userAgentOf } from '../http/user-agent';
import { PROBLEM_OF } from './hosted-link.controller';
import { sendPage } from './html';
import { confirmPage, problemPage, unavailablePage } from './link-pages';
import { PageContext, PageContexts } from './page-context';
import { choosePasswordPage, passwordChangedPage, passwordIssueMessage } from './password-reset-pages';
import { SignInLinkFlow } from './sign-in-link.flow';

/**
 * `/l/<token>/password`: where a password_reset link's page leads. With the policy's
 * `passwords.reset_mode` `hosted_page` it asks for a new password (GET never consumes; the POST
 * consumes the link and stores the password); with `reset_grant` it is the ordinary confirm page.
 */
@ApiExcludeController()
@Controller('l/:token/password')
export class PasswordResetPageController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(SignInLinkFlow) private readonly lockout: SignInLinkFlow,
    @Inject(PageContexts) private readonly pages: PageContexts,
  ) {}

  @Get()
  async show(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const r = await this.peek(token);
      const ctx = await this.pages.of(req, r.tenantId, r.language);
      if (r.status === 'hosted') return sendPage(reply, ctx, choosePasswordPage(ctx, token));
      if (r.status === 'not_reset') return sendPage(reply, ctx, confirmPage(ctx, token, 'password_reset', r.expiresAt));
      sendPage(reply, ctx, problemPage(ctx, r.status));
    } catch (err) {
      await this.sendError(token, req, reply, err);
    }
  }

  @Post()
  async save(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const password = typeof form.password === 'string' ? form.password : '';
    try {
      if (!(await this.lockout.mayVerify(token, req, reply))) return;
      if (password !== form.password_confirm) return await this.again(token, req, reply, (ctx) => ctx.t.pages.password.mismatch);
      // Checked again by token-service; here only to say why in the page's language.
      const issue = newPasswordIssue(password);
      if (issue) return await this.again(token, req, reply, (ctx) => passwordIssueMessage(ctx, issue));
      const done = await this.rpc.call(ACCOUNT_RPC.passwordResetsHosted, {
        token, password, ip: req.ip, userAgent: userAgentOf(req),
      });
      const ctx = await this.pages.of(req, done.tenantId, done.language);
      sendPage(reply, ctx, passwordChangedPage(ctx, done.continueTo));
    } catch (err) {
      if (err instanceof SesameError && err.code === 'validation_failed') return this.again(token, req, reply, () => err.message);
      await this.lockout.failed(token, req, err);
      await this.sendError(token, req, reply, err);
    }
  }

  private peek(token: string): Promise<PeekPasswordResetResponse> {
    return this.rpc.call(ACCOUNT_RPC.passwordResetsPeek, { token });
  }

  /** The form again with the reason, while the link is still usable. */
  private async again(token: string, req: FastifyRequest, reply: FastifyReply, reason: (ctx: PageContext) => string): Promise<void> {
    const r = await this.peek(token);
    if (r.status !== 'hosted') return this.sendError(token, req, reply, new SesameError('invalid_token', 'invalid'));
    const ctx = await this.pages.of(req, r.tenantId, r.language);
    sendPage(reply, ctx, choosePasswordPage(ctx, token, reason(ctx)));
  }

  private async sendError(token: string, req: FastifyRequest, reply: FastifyReply, err: unknown): Promise<void> {
    const kind = err instanceof SesameError ? PROBLEM_OF[err.code] : undefined;
    const link = kind ? await this.peek(token).catch(() => null) : null;
    const ctx = await this.pages.of(req, link?.tenantId, link?.language);
    sendPage(reply, ctx, kind ? problemPage(ctx, kind) : unavailablePage(ctx));
  }
}
