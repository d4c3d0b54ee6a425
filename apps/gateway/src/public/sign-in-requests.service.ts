import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { generateMatchCode } from '@sesame/crypto';
import { redirectPolicyFor, resolveRedirect, SelfServiceKind } from '@sesame/domain';
import { ACCOUNT_RPC, PublicTenant, RPC, RpcRequest, SelfServiceRequest, SignInRequest } from '@sesame/messaging';
import { describeError, LOGGER } from '@sesame/observability';
import { RpcClient } from '../http/rpc.client';
import { userAgentOf } from '../http/user-agent';
import { SignInLimits } from '../rate-limits/sign-in-limits.service';

export interface LinkRequestAccepted {
  request_id: string;
  match_code: string;
}

/**
 * A browser's request for a link, without an API key: a sign-in link (the JSON endpoint or the
 * hosted request page) or a self-service page's link (forgot password, verify email, sign up).
 * Both take the same path, so both answer the same for a known and an unknown address.
 */
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
    const redirectUrl = await this.admit(tenant, req, body.email, body.redirectUrl);
    const requestId = randomUUID();
    const matchCode = generateMatchCode();
    const payload: SignInRequest = {
      requestId, tenantId: tenant.id, email: body.email.trim().toLowerCase(), redirectUrl,
      codeChallenge: body.codeChallenge, browserNonce: body.browserNonce, matchCode, ip: req.ip ?? null, userAgent: userAgentOf(req),
    };
    this.handOff(RPC.signInRequest, payload);
    return { request_id: requestId, match_code: matchCode };
  }

  /** A self-service page's request: the same checks, the same hand-off, nothing to tell the browser. */
  async acceptSelfService(
    tenant: PublicTenant, req: FastifyRequest, body: { kind: SelfServiceKind; email: string; redirectUrl?: string; contextData?: Record<string, string>; language?: string },
  ): Promise<void> {
    const redirectUrl = await this.admit(tenant, req, body.email, body.redirectUrl);
    const payload: SelfServiceRequest = {
      requestId: randomUUID(), tenantId: tenant.id, kind: body.kind, email: body.email.trim().toLowerCase(), redirectUrl,
      contextData: body.contextData, language: body.language, ip: req.ip ?? null, userAgent: userAgentOf(req),
    };
    this.handOff(ACCOUNT_RPC.selfServiceRequest, payload);
  }

  /**
   * Checks what does not depend on the address (redirect allow-list, limits): a refusal here is
   * the same for every address. Returns the resolved redirect URL.
   */
  private async admit(tenant: PublicTenant, req: FastifyRequest, email: string, requested: string | undefined): Promise<string | undefined> {
    const { policy } = tenant;
    const redirectUrl = resolveRedirect(requested, redirectPolicyFor(policy, 'native'));
    await this.limits.linkRequest(policy.rate_limits, tenant.id, req.ip, email);
    return redirectUrl ?? undefined;
  }

  /**
   * Hands the request to token-service without waiting for it: the answer must not depend on
   * whether the address is known. The RPC request stream is durable, so the work is not lost.
   */
  private handOff<P extends typeof RPC.signInRequest | typeof ACCOUNT_RPC.selfServiceRequest>(pattern: P, payload: RpcRequest<P>): void {
    this.rpc.call(pattern, payload).catch((err: unknown) => {
      this.logger.warn({ requestId: payload.requestId, tenantId: payload.tenantId, pattern, err: describeError(err) }, 'public link request not handled');
    });
  }
}
