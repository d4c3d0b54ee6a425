import { Inject, Injectable } from '@nestjs/common';
import {
  generateToken, isWellFormedToken, pkceChallengeS256, REDIRECT_CODE_PATTERN, TokenHasher, verifyPkceS256,
} from '@sesame/crypto';
import { appendQuery, EXCHANGE_CODE_TTL_SECONDS, ErrorCode, linkStatus, SesameError } from '@sesame/domain';
import type {
  Actor, AuthenticateRequest, AuthenticateResponse, ConsumeLinkRequest, ConsumeLinkResponse, ExchangeCodeRequest,
  PeekLinkRequest, PeekLinkResponse,
} from '@sesame/messaging';
import { currentCorrelationId } from '@sesame/observability';
import { LinkRequestRepository } from '../link-requests/link-request.repository';
import { RequestBinding } from '../link-requests/request-binding';
import { ConsumedLink, ConsumeInput, LinkConsumeRepository, LinkState } from './link-consume.repository';
import { ExchangeCodeRepository } from './exchange-code.repository';
import { LinkMetrics, NO_LINK } from './link.metrics';

/** Deliberately uninformative: nothing here helps anyone guess or probe tokens. */
const FAILURE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  invalid_token: 'The magic link is invalid',
  expired: 'The magic link has expired',
  used: 'The magic link has already been used',
  revoked: 'The magic link has been revoked',
  binding_mismatch: 'The magic link cannot be used from this device or network',
  user_disabled: 'The magic link belongs to a disabled user',
  tenant_disabled: 'The magic link belongs to a disabled tenant',
  invalid_code: 'The code is invalid or has expired',
};

const VERIFIER_REFUSED = 'The code_verifier is missing or does not match the code_challenge of the request';

function failure(code: ErrorCode): SesameError {
  return new SesameError(code, FAILURE_MESSAGES[code] ?? 'The magic link cannot be used');
}

@Injectable()
export class VerificationService {
  constructor(
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
    @Inject(LinkConsumeRepository) private readonly links: LinkConsumeRepository,
    @Inject(ExchangeCodeRepository) private readonly codes: ExchangeCodeRepository,
    @Inject(LinkRequestRepository) private readonly requests: LinkRequestRepository,
    @Inject(RequestBinding) private readonly binding: RequestBinding,
    @Inject(LinkMetrics) private readonly metrics: LinkMetrics,
  ) {}

  /** API verification: consumes the token and returns the user. */
  async authenticate(req: AuthenticateRequest): Promise<AuthenticateResponse> {
    if (!isWellFormedToken(req.token)) throw failure('invalid_token');
    const candidates = this.hasher.candidates(req.token);
    const consumed = await this.consumeOnce({
      candidates, tenantId: req.tenantId, presentedIp: req.ipAddress ?? null, presentedUserAgent: req.userAgent ?? null,
      actor: req.actor, via: 'api', exchangeCodeHash: null, exchangeCodeTtlSeconds: 0, correlationId: currentCorrelationId() ?? null,
    });
    if (!consumed) throw await this.explain(candidates, req.tenantId, req.ipAddress ?? null, req.userAgent ?? null, req.actor);
    return toAuthResponse(consumed);
  }

  /** Hosted page GET: what the link is, without consuming it (a GET never consumes). */
  async peek(req: PeekLinkRequest): Promise<PeekLinkResponse> {
    if (!isWellFormedToken(req.token)) return { status: 'invalid' };
    const s = await this.links.state(this.hasher.candidates(req.token), null);
    if (!s || s.tenant_disabled) return { status: 'invalid' };
    const status = linkStatus({ consumedAt: s.consumed_at, revokedAt: s.revoked_at, expiresAt: new Date(s.expires_at) });
    const page = { tenantId: s.tenant_id, language: s.language };
    if (status === 'active' && s.user_status !== 'active') return { status: 'invalid', ...page };
    const mapped = status === 'consumed' ? 'used' : status;
    const view: PeekLinkResponse = {
      status: mapped, type: s.type, appName: s.app_name, expiresAt: new Date(s.expires_at).toISOString(), ...page,
      actionName: s.action_name, shortMessage: s.short_message,
    };
    if (s.request_id && s.match_code) {
      view.request = {
        matchCode: s.match_code,
        pkce: s.pkce === true,
        sameBrowser: this.binding.isAskingBrowser(s.browser_nonce_hash, req.browserNonce),
        confirm: s.confirm,
        redirectBase: s.redirect_url ?? s.app_origin,
      };
    }
    return view;
  }

  /**
   * Hosted page GET, for a link about to hand its browser a redirect code: the IP and user-agent
   * binding is checked against the browser here (the code is later exchanged by a backend whose
   * address says nothing). A mismatch is audited and refused; nothing about the link changes.
   */
  async checkBinding(req: ConsumeLinkRequest): Promise<void> {
    if (!isWellFormedToken(req.token)) throw failure('invalid_token');
    const s = await this.links.state(this.hasher.candidates(req.token), null);
    if (!s) throw failure('invalid_token');
    if (bindingMismatch(s, req.ip, req.userAgent)) {
      await this.links.recordFailure(s, 'binding_mismatch', { apiKeyId: null, ip: req.ip, userAgent: req.userAgent }, currentCorrelationId() ?? null);
      throw failure('binding_mismatch');
    }
  }

  /** Hosted page POST: consumes the link and sends the browser to the app with a one-time code. */
  async consume(req: ConsumeLinkRequest): Promise<ConsumeLinkResponse> {
    if (!isWellFormedToken(req.token)) throw failure('invalid_token');
    const candidates = this.hasher.candidates(req.token);
    const code = generateToken();
    const actor: Actor = { apiKeyId: null, ip: req.ip, userAgent: req.userAgent };
    const consumed = await this.consumeOnce({
      candidates, tenantId: null, presentedIp: req.ip, presentedUserAgent: req.userAgent, actor, via: 'hosted_page',
      exchangeCodeHash: this.hasher.hash(code), exchangeCodeTtlSeconds: EXCHANGE_CODE_TTL_SECONDS, correlationId: currentCorrelationId() ?? null,
    });
    if (!consumed) throw await this.explain(candidates, null, req.ip, req.userAgent, actor);
    const redirectTo = appendQuery(consumed.redirect_url ?? consumed.app_origin, { code });
    return consumed.request_match_code
      ? { redirectTo, approved: { matchCode: consumed.request_match_code, appName: consumed.app_name ?? '', tenantId: consumed.tenant_id, language: consumed.language ?? null } }
      : { redirectTo };
  }

  /** The app's backend trades the one-time code from the redirect for the user. */
  async exchange(req: ExchangeCodeRequest): Promise<AuthenticateResponse> {
    if (REDIRECT_CODE_PATTERN.test(req.code)) return this.exchangeRedirectCode(req);
    if (!isWellFormedToken(req.code)) throw failure('invalid_code');
    const verifier = typeof req.codeVerifier === 'string' ? pkceChallengeS256(req.codeVerifier) : null;
    const link = await this.codes.redeem(this.hasher.hash(req.code), req.tenantId, verifier);
    if (!link) {
      if (await this.codes.needsOtherVerifier(this.hasher.hash(req.code), req.tenantId)) throw new SesameError('invalid_code', VERIFIER_REFUSED);
      throw failure('invalid_code');
    }
    return toAuthResponse(link);
  }

  /**
   * The code a same-browser redirect carried: using it consumes the link. With PKCE it needs the
   * request's code_verifier; the binding was checked against the browser when the code was handed out.
   */
  private async exchangeRedirectCode(req: ExchangeCodeRequest): Promise<AuthenticateResponse> {
    const r = await this.requests.findByRedirectCode(req.tenantId, this.hasher.candidates(req.code));
    if (!r?.link_id) throw failure('invalid_code');
    if (r.code_challenge && !verifyPkceS256(req.codeVerifier, r.code_challenge)) throw new SesameError('invalid_code', VERIFIER_REFUSED);
    const consumed = await this.consumeLink({
      linkId: r.link_id, tenantId: req.tenantId, presentedIp: null, presentedUserAgent: null, actor: req.actor, via: 'redirect_code',
      exchangeCodeHash: null, exchangeCodeTtlSeconds: 0, correlationId: currentCorrelationId() ?? null, requestState: 'completed', bindingChecked: true,
    });
    return toAuthResponse(consumed);
  }

  /** Consumes a link found by id (sign-in request codes), or throws why not (audited). */
  async consumeLink(i: ConsumeInput & { linkId: string; tenantId: string }): Promise<ConsumedLink> {
    const consumed = await this.consumeOnce(i);
    if (consumed) return consumed;
    const s = await this.links.state(i.linkId, i.tenantId);
    if (!s) throw this.refused(NO_LINK, 'invalid_code');
    const code = i.bindingChecked ? reason({ ...s, bind_ip: null, bind_user_agent: null }, null, null) : reason(s, i.presentedIp, i.presentedUserAgent);
    await this.links.recordFailure(s, code, i.actor, currentCorrelationId() ?? null);
    throw this.refused(s.type, code);
  }

  private async explain(candidates: Buffer[], tenantId: string | null, ip: string | null, ua: string | null, actor: Actor): Promise<SesameError> {
    const s = await this.links.state(candidates, tenantId);
    if (!s) return this.refused(NO_LINK, 'invalid_token');
    const code = reason(s, ip, ua);
    await this.links.recordFailure(s, code, actor, currentCorrelationId() ?? null);
    return this.refused(s.type, code);
  }

  /** Every consumption goes through here, so each link used is counted once. */
  private async consumeOnce(i: ConsumeInput): Promise<ConsumedLink | null> {
    const consumed = await this.links.consume(i);
    if (consumed) this.metrics.linkConsumed(consumed.type);
    return consumed;
  }

  private refused(type: LinkState['type'] | typeof NO_LINK, code: ErrorCode): SesameError {
    this.metrics.verificationFailed(type, code);
    return failure(code);
  }
}

function reason(s: LinkState, ip: string | null, ua: string | null): ErrorCode {
  if (s.tenant_disabled) return 'tenant_disabled';
  if (s.consumed_at) return 'used';
  if (s.revoked_at) return 'revoked';
  if (new Date(s.expires_at).getTime() <= Date.now()) return 'expired';
  if (s.user_status !== 'active') return 'user_disabled';
  if (bindingMismatch(s, ip, ua)) return 'binding_mismatch';
  return 'invalid_token';
}

function bindingMismatch(s: Pick<LinkState, 'bind_ip' | 'bind_user_agent'>, ip: string | null, ua: string | null): boolean {
  return Boolean((s.bind_ip && s.bind_ip !== ip) || (s.bind_user_agent && s.bind_user_agent !== ua));
}

function toAuthResponse(l: ConsumedLink): AuthenticateResponse {
  return {
    user: { id: l.user_id, email: l.email },
    type: l.type,
    context_data: l.context_data,
    redirect_url: l.redirect_url,
    link_id: l.id,
  };
}
