import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, SesameError } from '@sesame/domain';
import { ACCOUNT_RPC, HostedPasswordResetResponse, PeekPasswordResetResponse, PeekStatus } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { userAgentOf } from '../http/user-agent';
import { PAGE_HEADERS } from './html';
import { confirmPage, problemPage, unavailablePage } from './link-pages';
import { choosePasswordPage, passwordChangedPage } from './password-reset-pages';

const PROBLEM_OF: Partial<Record<ErrorCode, Exclude<PeekStatus, 'active'>>> = {
  expired: 'expired', used: 'used', revoked: 'revoked', invalid_token: 'invalid', binding_mismatch: 'invalid', user_disabled: 'invalid',
};

/**
 * `/l/<token>/password`: where a password_reset link's page leads. With the policy's
 * `passwords.reset_mode` `hosted_page` it asks for a new password (GET never consumes; the POST
 * consumes the link and stores the password); with `reset_grant` it is the ordinary confirm page.
 */
@ApiExcludeController()
@Controller('l/:token/password')
export class PasswordResetPageController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get()
  async show(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    try {
      const r = await this.rpc.call<PeekPasswordResetResponse>(ACCOUNT_RPC.passwordResetsPeek, { token });
      if (r.status === 'hosted' && r.appName) return this.html(reply, 200, choosePasswordPage(token, r.appName));
      if (r.status === 'not_reset' && r.appName) return this.html(reply, 200, confirmPage(token, 'password_reset', r.appName));
      const p = problemPage(r.status === 'hosted' || r.status === 'not_reset' ? 'invalid' : r.status);
      this.html(reply, p.status, p.html);
    } catch (err) {
      this.sendError(reply, err);
    }
  }

  @Post()
  async save(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const password = typeof form.password === 'string' ? form.password : '';
    try {
      if (password !== form.password_confirm) {
        return await this.again(token, reply, 'The two passwords are not the same.');
      }
      const done = await this.rpc.call<HostedPasswordResetResponse>(ACCOUNT_RPC.passwordResetsHosted, {
        token, password, ip: req.ip, userAgent: userAgentOf(req),
      });
      this.html(reply, 200, passwordChangedPage(done.appName, done.continueTo));
    } catch (err) {
      if (err instanceof SesameError && err.code === 'validation_failed') return this.again(token, reply, err.message);
      this.sendError(reply, err);
    }
  }

  /** The form again with the reason, while the link is still usable. */
  private async again(token: string, reply: FastifyReply, message: string): Promise<void> {
    const r = await this.rpc.call<PeekPasswordResetResponse>(ACCOUNT_RPC.passwordResetsPeek, { token });
    if (r.status !== 'hosted' || !r.appName) return this.sendError(reply, new SesameError('invalid_token', 'invalid'));
    this.html(reply, 400, choosePasswordPage(token, r.appName, capitalise(message)));
  }

  private html(reply: FastifyReply, status: number, html: string): void {
    void reply.status(status).headers(PAGE_HEADERS).send(html);
  }

  private sendError(reply: FastifyReply, err: unknown): void {
    const kind = err instanceof SesameError ? PROBLEM_OF[err.code] : undefined;
    const p = kind ? problemPage(kind) : unavailablePage();
    this.html(reply, p.status, p.html);
  }
}

const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s) + (s.endsWith('.') ? '' : '.');
