import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deriveRedirectCode } from '@sesame/crypto';
import { appendQuery, linkLanding, SesameError } from '@sesame/domain';
import { ConsumeLinkResponse, PeekLinkResponse, RPC } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { browserNonceOf } from '../public/sign-in-cookie';
import { userAgentOf } from '../http/user-agent';
import { TenantDirectory } from '../public/tenant-directory';
import { COUNTED_FAILURES, tenantSubject, VerificationLockout, VerificationSubject } from '../rate-limits/verification-lockout.service';
import { PAGE_HEADERS, sendPage } from './html';
import { PageContext, PageContexts } from './page-context';
import { lockedOutPage, signInApprovedPage, signInConfirmPage } from './sign-in-pages';

/**
 * What `/l/<token>` adds for links asked for through the public endpoint or the hosted request
 * page, and the failed-verification lockout of every hosted verification of a link token
 * (`/l/<token>` and `/l/<token>/password`).
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
    @Inject(VerificationLockout) private readonly lockout: VerificationLockout,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(PageContexts) private readonly pages: PageContexts,
  ) {}

  private readonly subjects = new WeakMap<FastifyRequest, VerificationSubject>();

  /** The cookie a browser presents, for the peek. */
  nonceOf(req: FastifyRequest): string | undefined {
    return browserNonceOf(req);
  }

  /** GET of an active requested link: redirect (same browser) or the confirm page with the match code. */
  async land(token: string, link: PeekLinkResponse, ctx: PageContext, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const r = link.request!;
    if (linkLanding(r.confirm, { sameBrowser: r.sameBrowser, pkce: r.pkce }) === 'confirm') {
      return sendPage(reply, ctx, signInConfirmPage(ctx, token, r.matchCode));
    }
    if (!(await this.mayVerify(token, req, reply, link, ctx))) return;
    try {
      await this.rpc.call(RPC.linksCheckBinding, { token, ip: req.ip, userAgent: userAgentOf(req) });
    } catch (err) {
      await this.failed(token, req, err);
      throw err;
    }
    const location = appendQuery(r.redirectBase, { code: deriveRedirectCode(token) });
    void reply.status(303).headers({ ...PAGE_HEADERS, location }).send();
  }

  /**
   * Before a hosted verification (the link's POST, the password page's POST, the same-browser
   * redirect): an IP or link over its failed verifications gets the 429 page, in the link's look
   * (`ctx`, or read from the link when the caller has none yet). `peeked` saves the look-up of the
   * link's tenant when the caller already has it.
   */
  async mayVerify(token: string, req: FastifyRequest, reply: FastifyReply, peeked?: PeekLinkResponse, ctx?: PageContext): Promise<boolean> {
    try {
      await this.lockout.assertMayVerify(await this.subjectOf(token, req, peeked));
      return true;
    } catch (err) {
      if (!(err instanceof SesameError) || err.code !== 'rate_limited') throw err;
      const retryAfter = Number(err.details?.retry_after ?? 60);
      const pageCtx = ctx ?? (await this.contextOfLink(token, req));
      sendPage(reply, pageCtx, lockedOutPage(pageCtx, retryAfter), { 'retry-after': String(retryAfter) });
      return false;
    }
  }

  /** After a hosted POST consumed a requested link: the approval page instead of a redirect. */
  async approved(res: ConsumeLinkResponse, req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (!res.approved) return false;
    const ctx = await this.pages.of(req, res.approved.tenantId, res.approved.language);
    sendPage(reply, ctx, signInApprovedPage(ctx, res.approved.matchCode));
    return true;
  }

  private async contextOfLink(token: string, req: FastifyRequest): Promise<PageContext> {
    const link = await this.rpc.call(RPC.linksPeek, { token }).catch(() => null);
    return this.pages.of(req, link?.tenantId, link?.language);
  }

  /** Counts a failed hosted verification against the IP and the link, in the link's tenant. */
  async failed(token: string, req: FastifyRequest, err: unknown): Promise<void> {
    if (err instanceof SesameError && COUNTED_FAILURES.has(err.code)) {
      await this.subjectOf(token, req).then((s) => this.lockout.recordFailure(s)).catch(() => undefined);
    }
  }

  /**
   * The link's tenant's lockout, or the unattributed one for a token that is no link. Worked out
   * once per HTTP request: the check before and the count after use the same subject.
   */
  private async subjectOf(token: string, req: FastifyRequest, peeked?: PeekLinkResponse): Promise<VerificationSubject> {
    const known = this.subjects.get(req);
    if (known) return known;
    const link = peeked ?? (await this.rpc.call(RPC.linksPeek, { token }));
    const identifier = this.lockout.ofSecret(token);
    const subject = link.tenantId
      ? tenantSubject(await this.tenants.byId(link.tenantId), req.ip, identifier)
      : { tenant: null, ip: req.ip, identifier };
    this.subjects.set(req, subject);
    return subject;
  }
}
