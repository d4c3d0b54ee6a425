import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { generateMatchCode } from '@sesame/crypto';
import { resolveRedirect } from '@sesame/domain';
import { PublicTenant, RPC, SignInRequest } from '@sesame/messaging';
import { describeError, LOGGER } from '@sesame/observability';
import { RpcClient } from '../http/rpc.client';
import { userAgentOf } from '../http/user-agent';
import { SignInLimits } from '../rate-limits/sign-in-limits.service';

export interface LinkRequestAccepted {
  request_id: string;
  match_code: string;
}

/** A browser's request for a sign-in link, from the JSON endpoint or the hosted request page. */
@Injectable()
export class SignInRequests {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(SignInLimits) private readonly limits: SignInLimits,
  ) {}

  /**
   * Checks what does not depend on the address (redirect allow-list, limits), then hands the
   * request to token-service without waiting for it: the answer must not depend on whether the
   * address is known. The RPC request stream is durable, so the work is not lost.
   */
  async accept(
    tenant: PublicTenant, req: FastifyRequest, body: { email: string; redirectUrl?: string; codeChallenge?: string; browserNonce?: string },
  ): Promise<LinkRequestAccepted> {
    const { policy } = tenant;
    const redirectUrl = resolveRedirect(body.redirectUrl, {
      enabled: policy.redirect.enabled, allowedUrls: policy.redirect.allowed_urls, appOrigin: policy.app.origin,
    });
    await this.limits.linkRequest(policy.rate_limits, tenant.id, req.ip, body.email);
    const requestId = randomUUID();
    const matchCode = generateMatchCode();
    const payload: SignInRequest = {
      requestId, tenantId: tenant.id, email: body.email.trim().toLowerCase(), redirectUrl: redirectUrl ?? undefined,
      codeChallenge: body.codeChallenge, browserNonce: body.browserNonce, matchCode, ip: req.ip ?? null, userAgent: userAgentOf(req),
    };
    this.rpc.call(RPC.signInRequest, payload).catch((err: unknown) => {
      this.logger.warn({ requestId, tenantId: tenant.id, err: describeError(err) }, 'sign-in request not handled');
    });
    return { request_id: requestId, match_code: matchCode };
  }
}
