import { Inject, Injectable } from '@nestjs/common';
import { generateToken, isWellFormedToken, TokenHasher } from '@sesame/crypto';
import { appendQuery, EXCHANGE_CODE_TTL_SECONDS, ErrorCode, linkStatus, SesameError } from '@sesame/domain';
import type {
  Actor, AuthenticateRequest, AuthenticateResponse, ConsumeLinkRequest, ConsumeLinkResponse, ExchangeCodeRequest,
  PeekLinkRequest, PeekLinkResponse,
} from '@sesame/messaging';
import { currentCorrelationId } from '@sesame/observability';
import { ConsumedLink, LinkConsumeRepository, LinkState } from './link-consume.repository';
import { ExchangeCodeRepository } from './exchange-code.repository';

/** Deliberately uninformative: nothing here helps anyone guess or probe tokens. */
const FAILURE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  invalid_token: 'The magic link is invalid',
  expired: 'The magic link has expired',
  used: 'The magic link has already been used',
  revoked: 'The magic link has been revoked',
  binding_mismatch: 'The magic link cannot be used from this device or network',
  user_disabled: 'The magic link belongs to a disabled user',
  invalid_code: 'The code is invalid or has expired',
};

function failure(code: ErrorCode): SesameError {
  return new SesameError(code, FAILURE_MESSAGES[code] ?? 'The magic link cannot be used');
}

@Injectable()
export class VerificationService {
  constructor(
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
    @Inject(LinkConsumeRepository) private readonly links: LinkConsumeRepository,
    @Inject(ExchangeCodeRepository) private readonly codes: ExchangeCodeRepository,
  ) {}

  /** API verification: consumes the token and returns the user. */
  async authenticate(req: AuthenticateRequest): Promise<AuthenticateResponse> {
    if (!isWellFormedToken(req.token)) throw failure('invalid_token');
    const candidates = this.hasher.candidates(req.token);
    const consumed = await this.links.consume({
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
    if (!s) return { status: 'invalid' };
    const status = linkStatus({ consumedAt: s.consumed_at, revokedAt: s.revoked_at, expiresAt: new Date(s.expires_at) });
    if (status === 'active' && s.user_status !== 'active') return { status: 'invalid' };
    const mapped = status === 'consumed' ? 'used' : status;
    return { status: mapped, type: s.type, appName: s.app_name, expiresAt: new Date(s.expires_at).toISOString() };
  }

  /** Hosted page POST: consumes the link and sends the browser to the app with a one-time code. */
  async consume(req: ConsumeLinkRequest): Promise<ConsumeLinkResponse> {
    if (!isWellFormedToken(req.token)) throw failure('invalid_token');
    const candidates = this.hasher.candidates(req.token);
    const code = generateToken();
    const actor: Actor = { apiKeyId: null, ip: req.ip, userAgent: req.userAgent };
    const consumed = await this.links.consume({
      candidates, tenantId: null, presentedIp: req.ip, presentedUserAgent: req.userAgent, actor, via: 'hosted_page',
      exchangeCodeHash: this.hasher.hash(code), exchangeCodeTtlSeconds: EXCHANGE_CODE_TTL_SECONDS, correlationId: currentCorrelationId() ?? null,
    });
    if (!consumed) throw await this.explain(candidates, null, req.ip, req.userAgent, actor);
    return { redirectTo: appendQuery(consumed.redirect_url ?? consumed.app_origin, { code }) };
  }

  /** The app's backend trades the one-time code from the redirect for the user. */
  async exchange(req: ExchangeCodeRequest): Promise<AuthenticateResponse> {
    if (!isWellFormedToken(req.code)) throw failure('invalid_code');
    const link = await this.codes.redeem(this.hasher.hash(req.code), req.tenantId);
    if (!link) throw failure('invalid_code');
    return toAuthResponse(link);
  }

  private async explain(candidates: Buffer[], tenantId: string | null, ip: string | null, ua: string | null, actor: Actor): Promise<SesameError> {
    const s = await this.links.state(candidates, tenantId);
    if (!s) return failure('invalid_token');
    const code = reason(s, ip, ua);
    await this.links.recordFailure(s, code, actor, currentCorrelationId() ?? null);
    return failure(code);
  }
}

function reason(s: LinkState, ip: string | null, ua: string | null): ErrorCode {
  if (s.consumed_at) return 'used';
  if (s.revoked_at) return 'revoked';
  if (new Date(s.expires_at).getTime() <= Date.now()) return 'expired';
  if (s.user_status !== 'active') return 'user_disabled';
  if ((s.bind_ip && s.bind_ip !== ip) || (s.bind_user_agent && s.bind_user_agent !== ua)) return 'binding_mismatch';
  return 'invalid_token';
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
