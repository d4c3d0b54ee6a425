import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deriveRedirectCode, TokenHasher } from '@sesame/crypto';
import { appendQuery, linkLanding, SesameError } from '@sesame/domain';
import { ConsumeLinkResponse, PeekLinkResponse, RPC } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { COUNTED_FAILURES } from '../public/public-sign-in.controller';
import { browserNonceOf } from '../public/sign-in-cookie';
import { userAgentOf } from '../http/user-agent';
import { linkKeyOfToken, SignInLimits } from '../rate-limits/sign-in-limits.service';
import { PAGE_HEADERS } from './html';
import { lockedOutPage, signInApprovedPage, signInConfirmPage } from './sign-in-pages';

/**
 * What `/l/<token>` adds for links asked for through the public endpoint or the hosted request
 * page, and the failed-verification lock-out of every hosted verification.
 *
 * GET never changes the link. In the browser that asked (its cookie, or any browser when the
 * request carried a PKCE challenge, whose verifier only the asking app holds) it redirects with a
 * code derived from the token; using that code consumes the link. Everyone else, scanners
 * included, gets the confirm page with the match code, and only its POST consumes.
 */
@Injectable()
export class SignInLinkFlow {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(SignInLimits) private readonly limits: SignInLimits,
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
  ) {}

  /** The cookie a browser presents, for the peek. */
  nonceOf(req: FastifyRequest): string | undefined {
    return browserNonceOf(req);
  }

  /** GET of an active requested link: redirect (same browser) or the confirm page with the match code. */
  async land(token: string, link: PeekLinkResponse, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const r = link.request!;
    if (linkLanding(r.confirm, { sameBrowser: r.sameBrowser, pkce: r.pkce }) === 'confirm') {
      return void reply.status(200).headers(PAGE_HEADERS).send(signInConfirmPage(token, link.appName ?? '', r.matchCode));
    }
    if (!(await this.mayVerify(token, req, reply))) return;
    await this.rpc.call(RPC.linksCheckBinding, { token, ip: req.ip, userAgent: userAgentOf(req) });
    const location = appendQuery(r.redirectBase, { code: deriveRedirectCode(token) });
    void reply.status(303).headers({ ...PAGE_HEADERS, location }).send();
  }

  /** Before a hosted POST: an IP (or link) over its failed verifications gets the 429 page. */
  async mayVerify(token: string, req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    try {
      await this.limits.assertMayVerify(req.ip, linkKeyOfToken(this.hasher, token));
      return true;
    } catch (err) {
      if (!(err instanceof SesameError) || err.code !== 'rate_limited') throw err;
      const p = lockedOutPage(Number(err.details?.retry_after ?? 60));
      void reply.status(p.status).headers({ ...PAGE_HEADERS, 'retry-after': String(err.details?.retry_after ?? 60) }).send(p.html);
      return false;
    }
  }

  /** After a hosted POST consumed a requested link: the approval page instead of a redirect. */
  approved(res: ConsumeLinkResponse, reply: FastifyReply): boolean {
    if (!res.approved) return false;
    void reply.status(200).headers(PAGE_HEADERS).send(signInApprovedPage(res.approved.appName, res.approved.matchCode));
    return true;
  }

  /** Counts a failed hosted verification against the IP and the link. */
  async failed(token: string, req: FastifyRequest, err: unknown): Promise<void> {
    if (err instanceof SesameError && COUNTED_FAILURES.has(err.code)) {
      await this.limits.recordFailure(req.ip, linkKeyOfToken(this.hasher, token)).catch(() => undefined);
    }
  }
}
