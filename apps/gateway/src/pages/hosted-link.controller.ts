import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, SesameError } from '@sesame/domain';
import { PeekLinkResponse, PeekStatus, RPC } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { userAgentOf } from '../http/user-agent';
import { PAGE_HEADERS, sendPage } from './html';
import { confirmPage, problemPage, unavailablePage } from './link-pages';
import { PageContexts } from './page-context';
import { SignInLinkFlow } from './sign-in-link.flow';

export const PROBLEM_OF: Partial<Record<ErrorCode, Exclude<PeekStatus, 'active'>>> = {
  expired: 'expired', used: 'used', revoked: 'revoked', invalid_token: 'invalid', binding_mismatch: 'invalid', user_disabled: 'invalid',
  tenant_disabled: 'invalid',
};

/** `<PUBLIC_BASE_URL>/l/<token>`: GET shows a confirm page (never consumes); its POST consumes. */
@ApiExcludeController()
@Controller('l')
export class HostedLinkController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(SignInLinkFlow) private readonly signIn: SignInLinkFlow,
    @Inject(PageContexts) private readonly pages: PageContexts,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const link = await this.peek(token, req);
      const ctx = await this.pages.of(req, link.tenantId, link.language);
      // Asked for on a sign-in page: same-browser redirect or the confirm page with the match code.
      if (link.status === 'active' && link.request) return await this.signIn.land(token, link, ctx, req, reply);
      if (link.status === 'active' && link.type === 'password_reset') {
        // Its own page (password-reset-page.controller.ts): choose a new password, by policy.
        return void reply.status(303).headers({ location: `/l/${encodeURIComponent(token)}/password`, ...PAGE_HEADERS }).send();
      }
      if (link.status === 'active' && link.type) return sendPage(reply, ctx, confirmPage(ctx, token, link.type, link.expiresAt, new Date(), link));
      sendPage(reply, ctx, problemPage(ctx, link.status === 'active' ? 'invalid' : link.status));
    } catch (err) {
      await this.sendError(token, req, reply, err);
    }
  }

  @Post(':token')
  async consume(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      if (!(await this.signIn.mayVerify(token, req, reply))) return;
      const consumed = await this.rpc.call(RPC.linksConsume, {
        token, ip: req.ip, userAgent: userAgentOf(req),
      });
      if (await this.signIn.approved(consumed, req, reply)) return;
      void reply.status(303).headers({ location: consumed.redirectTo, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).send();
    } catch (err) {
      await this.signIn.failed(token, req, err);
      await this.sendError(token, req, reply, err);
    }
  }

  private peek(token: string, req: FastifyRequest): Promise<PeekLinkResponse> {
    return this.rpc.call(RPC.linksPeek, { token, browserNonce: this.signIn.nonceOf(req) });
  }

  /** The page of a failure, in the link's look and language when the link can still be read. */
  private async sendError(token: string, req: FastifyRequest, reply: FastifyReply, err: unknown): Promise<void> {
    const kind = err instanceof SesameError ? PROBLEM_OF[err.code] : undefined;
    const link = kind ? await this.peek(token, req).catch(() => null) : null;
    const ctx = await this.pages.of(req, link?.tenantId, link?.language);
    sendPage(reply, ctx, kind ? problemPage(ctx, kind) : unavailablePage(ctx));
  }
}
