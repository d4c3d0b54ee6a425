import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  deriveFallbackCode, deriveRedirectCode, fallbackCodeMaterial, generateToken, matchesAnyHash, TokenHasher,
} from '@sesame/crypto';
import { appendQuery, EXCHANGE_CODE_TTL_SECONDS, SesameError } from '@sesame/domain';
import type {
  Actor, SignInAccepted, SignInCodeRequest, SignInCodeResponse, SignInRequest, SignInStatusRequest, SignInStatusResponse,
} from '@sesame/messaging';
import { currentCorrelationId, LOGGER } from '@sesame/observability';
import { LinkService } from '../links/link.service';
import { VerificationService } from '../links/verification.service';
import { audit } from '../shared/audit';
import { TenantCache } from '../shared/tenant-cache';
import { LinkRequestRepository, LinkRequestRow } from '../link-requests/link-request.repository';
import { RequestBinding, PresentedProof } from '../link-requests/request-binding';
import { browserNonceMaterial, emailMaterial } from '../link-requests/sign-in-hashes';

/** The 5th wrong code kills the request (and revokes its link). */
export const MAX_CODE_ATTEMPTS = 5;

const noSuchRequest = () => new SesameError('not_found', 'No such sign-in request');
const wrongCode = (attemptsLeft: number) =>
  new SesameError('invalid_code', 'The code is invalid or has expired', { attempts_left: attemptsLeft });

/**
 * Links asked for by browsers through the public endpoint (no API key). The gateway has already
 * answered 202 when `request` runs, so how long the look-up takes is invisible to the asker; an
 * address that gets no link (unknown, disabled) still gets a request row, so polling and codes
 * behave the same for it.
 */
@Injectable()
export class SignInService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
    @Inject(LinkService) private readonly links: LinkService,
    @Inject(VerificationService) private readonly verification: VerificationService,
    @Inject(LinkRequestRepository) private readonly requests: LinkRequestRepository,
    @Inject(RequestBinding) private readonly binding: RequestBinding,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async request(req: SignInRequest): Promise<SignInAccepted> {
    const { policy } = await this.tenants.get(req.tenantId);
    const actor: Actor = { apiKeyId: null, ip: req.ip, userAgent: req.userAgent };
    await this.db.transaction(async (m) => {
      let created: { token: string } | null = null;
      try {
        created = await this.links.createForSignIn(m, {
          requestId: req.requestId, tenantId: req.tenantId, actor, email: req.email, type: 'login', redirectUrl: req.redirectUrl, send: true,
          ipAddress: policy.sign_in.bind_ip ? req.ip ?? undefined : undefined,
          userAgent: policy.sign_in.bind_user_agent ? req.userAgent ?? undefined : undefined,
        });
      } catch (err) {
        if (!(err instanceof SesameError)) throw err;
        // e.g. login links disabled: nothing is sent, and the asker cannot tell.
        this.logger.info({ requestId: req.requestId, tenantId: req.tenantId, reason: err.code }, 'sign-in request sends nothing');
      }
      await this.requests.insert(m, {
        id: req.requestId,
        tenantId: req.tenantId,
        linkId: created ? req.requestId : null,
        emailHash: this.hasher.hash(emailMaterial(req.tenantId, req.email)),
        codeChallenge: req.codeChallenge ?? null,
        browserNonceHash: req.browserNonce ? this.hasher.hash(browserNonceMaterial(req.browserNonce)) : null,
        matchCode: req.matchCode,
        codeHash: created ? this.hasher.hash(fallbackCodeMaterial(req.requestId, deriveFallbackCode(created.token))) : null,
        redirectCodeHash: created ? this.hasher.hash(deriveRedirectCode(created.token)) : null,
        ttlSeconds: policy.links.login.ttl_seconds,
      });
    });
    return { accepted: true };
  }

  /** The asking screen's poll. An approved request answers with a one-time exchange code, once. */
  async status(req: SignInStatusRequest): Promise<SignInStatusResponse> {
    const r = await this.ownRequest(req.tenantId, req.requestId, { browserNonce: req.browserNonce }, 'at_exchange');
    let handed: { code: string; redirect_to: string } | undefined;
    if (r.state === 'approved') {
      const code = generateToken();
      const done = await this.requests.complete(req.tenantId, r.id, this.hasher.hash(code), EXCHANGE_CODE_TTL_SECONDS);
      if (done) handed = { code, redirect_to: appendQuery(done.redirect_base, { code }) };
      r.state = 'completed';
    }
    return {
      request_id: r.id,
      status: r.state === 'pending' && r.expired ? 'expired' : r.state,
      match_code: r.match_code,
      expires_at: new Date(r.expires_at).toISOString(),
      ...handed,
    };
  }

  /** The 6-digit code from the email: right, the link is used and the asker gets an exchange code; the 5th wrong one kills the request. */
  async code(req: SignInCodeRequest): Promise<SignInCodeResponse> {
    // Another browser (no cookie, no verifier) is refused before an attempt is taken or the link used.
    await this.ownRequest(req.tenantId, req.requestId, { browserNonce: req.browserNonce, codeVerifier: req.codeVerifier }, 'here');
    const r = await this.requests.takeCodeAttempt(req.tenantId, req.requestId, MAX_CODE_ATTEMPTS);
    const actor: Actor = { apiKeyId: null, ip: req.ip, userAgent: req.userAgent };
    if (!r) {
      if (!(await this.requests.exists(req.tenantId, req.requestId))) throw noSuchRequest();
      throw wrongCode(0);
    }
    const right = matchesAnyHash(this.hasher.candidates(fallbackCodeMaterial(r.id, req.code)), r.code_hash);
    if (!right || !r.link_id) return this.refuse(r, actor);
    const exchangeCode = generateToken();
    const consumed = await this.verification.consumeLink({
      linkId: r.link_id, tenantId: req.tenantId, presentedIp: req.ip, presentedUserAgent: req.userAgent, actor, via: 'fallback_code',
      exchangeCodeHash: this.hasher.hash(exchangeCode), exchangeCodeTtlSeconds: EXCHANGE_CODE_TTL_SECONDS,
      correlationId: currentCorrelationId() ?? null, requestState: 'completed',
    });
    return { code: exchangeCode, redirect_to: appendQuery(consumed.redirect_url ?? consumed.app_origin, { code: exchangeCode }) };
  }

  private async refuse(r: LinkRequestRow, actor: Actor): Promise<never> {
    const left = MAX_CODE_ATTEMPTS - r.code_attempts;
    if (left <= 0) await this.requests.kill(r.tenant_id, r.id);
    await audit(this.db, {
      tenantId: r.tenant_id, action: 'magiclink.verification_failed', subjectType: 'link_request', subjectId: r.id, actor,
      data: { reason: left <= 0 ? 'too_many_codes' : 'wrong_code', attempts: r.code_attempts, link_id: r.link_id },
    });
    throw wrongCode(Math.max(0, left));
  }

  /** A request of this tenant that the caller may act on (request-binding.ts); any other browser is told there is none. */
  private async ownRequest(tenantId: string, id: string, proof: PresentedProof, pkce: 'here' | 'at_exchange'): Promise<LinkRequestRow> {
    const r = await this.requests.find(tenantId, id);
    if (!r) throw noSuchRequest();
    const refused = this.binding.refusal(r, proof, pkce);
    if (refused === 'browser') throw noSuchRequest();
    if (refused === 'verifier') throw new SesameError('invalid_code', 'The code_verifier is missing or does not match the code_challenge of the request');
    return r;
  }
}
