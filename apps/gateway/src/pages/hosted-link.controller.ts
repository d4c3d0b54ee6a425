import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, SesameError } from '@sesame/domain';
import { ConsumeLinkResponse, PeekLinkResponse, PeekStatus, RPC } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { userAgentOf } from '../http/user-agent';
import { PAGE_HEADERS } from './html';
import { SignInLinkFlow } from './sign-in-link.flow';
import { confirmPage, problemPage, unavailablePage } from './link-pages';

const PROBLEM_OF: Partial<Record<ErrorCode, Exclude<PeekStatus, 'active'>>> = {
  expired: 'expired', used: 'used', revoked: 'revoked', invalid_token: 'invalid', binding_mismatch: 'invalid', user_disabled: 'invalid',
};

/** `<PUBLIC_BASE_URL>/l/<token>`: GET shows a confirm page (never consumes); its POST consumes. */
@ApiExcludeController()
@Controller('l')
export class HostedLinkController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(SignInLinkFlow) private readonly signIn: SignInLinkFlow,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      const link = await this.rpc.call<PeekLinkResponse>(RPC.linksPeek, { token, browserNonce: this.signIn.nonceOf(req) });
      // Asked for on a sign-in page: same-browser redirect or the confirm page with the match code.
      if (link.status === 'active' && link.request) return await this.signIn.land(token, link, req, reply);
      if (link.status === 'active' && link.type === 'password_reset') {
        // Its own page (password-reset-page.controller.ts): choose a new password, by policy.
        return void reply.status(303).headers({ location: `/l/${encodeURIComponent(token)}/password`, ...PAGE_HEADERS }).send();
      }
      if (link.status === 'active' && link.type && link.appName) {
        return void reply.status(200).headers(PAGE_HEADERS).send(confirmPage(token, link.type, link.appName));
      }
      const p = problemPage(link.status === 'active' ? 'invalid' : link.status);
      void reply.status(p.status).headers(PAGE_HEADERS).send(p.html);
    } catch (err) {
      this.sendError(reply, err);
    }
  }

  @Post(':token')
  async consume(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    try {
      if (!(await this.signIn.mayVerify(token, req, reply))) return;
      const consumed = await this.rpc.call<ConsumeLinkResponse>(RPC.linksConsume, {
        token, ip: req.ip, userAgent: userAgentOf(req),
      });
      if (this.signIn.approved(consumed, reply)) return;
      void reply.status(303).headers({ location: consumed.redirectTo, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).send();
    } catch (err) {
      await this.signIn.failed(token, req, err);
      this.sendError(reply, err);
    }
  }

  private sendError(reply: FastifyReply, err: unknown): void {
    const kind = err instanceof SesameError ? PROBLEM_OF[err.code] : undefined;
    const p = kind ? problemPage(kind) : unavailablePage();
    void reply.status(p.status).headers(PAGE_HEADERS).send(p.html);
  }
}
