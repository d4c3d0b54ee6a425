import { Inject, Injectable } from '@nestjs/common';
import { generateToken, hashPassword, isWellFormedToken, TokenHasher } from '@sesame/crypto';
import { assertNewPassword, ErrorCode, linkStatus, RESET_GRANT_TTL_SECONDS, SesameError } from '@sesame/domain';
import type {
  Actor, CompletePasswordResetRequest, CompletePasswordResetResponse, ExchangePasswordResetRequest, ExchangePasswordResetResponse,
  HostedPasswordResetRequest, HostedPasswordResetResponse, PeekPasswordResetRequest, PeekPasswordResetResponse,
} from '@sesame/messaging';
import { currentCorrelationId } from '@sesame/observability';
import { LinkConsumeRepository, LinkState } from '../links/link-consume.repository';
import { LinkMetrics, NO_LINK } from '../links/link.metrics';
import { TenantCache } from '../shared/tenant-cache';
import { PasswordResetRepository } from './password-reset.repository';

const REFUSALS: Partial<Record<ErrorCode, string>> = {
  invalid_token: 'The password reset link is invalid',
  expired: 'The password reset link has expired',
  used: 'The password reset link has already been used',
  revoked: 'The password reset link has been revoked',
  binding_mismatch: 'The password reset link cannot be used from this device or network',
  user_disabled: 'The password reset link belongs to a disabled user',
  invalid_code: 'The code is invalid, has expired or is not a password reset code',
};
const refusal = (code: ErrorCode) => new SesameError(code, REFUSALS[code] ?? 'The password reset link cannot be used');

/**
 * Entrust password reset Magic Link. Hosted: the link opens "choose a new password" and its POST
 * stores the password as it consumes the link. For integrators who keep passwords: the link (or
 * the hosted page's code) is exchanged for a short-lived reset grant, completed once. Either way
 * the link is dead after use, the user's other reset links are revoked (trigger) and
 * user.password_reset is emitted when the reset completes.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(PasswordResetRepository) private readonly resets: PasswordResetRepository,
    @Inject(LinkConsumeRepository) private readonly links: LinkConsumeRepository,
    @Inject(LinkMetrics) private readonly metrics: LinkMetrics,
  ) {}

  async peek(req: PeekPasswordResetRequest): Promise<PeekPasswordResetResponse> {
    if (!isWellFormedToken(req.token)) return { status: 'invalid' };
    const s = await this.links.state(this.hasher.candidates(req.token), null);
    if (!s) return { status: 'invalid' };
    const page = { tenantId: s.tenant_id, language: s.language, expiresAt: new Date(s.expires_at).toISOString() };
    if (s.type !== 'password_reset' || !(await this.hostedMode(s.tenant_id))) return { status: 'not_reset', appName: s.app_name, ...page };
    const status = linkStatus({ consumedAt: s.consumed_at, revokedAt: s.revoked_at, expiresAt: new Date(s.expires_at) });
    if (status === 'active') return s.user_status === 'active' ? { status: 'hosted', appName: s.app_name, ...page } : { status: 'invalid', ...page };
    return { status: status === 'consumed' ? 'used' : status, ...page };
  }

  /** The hosted form's POST: a refused password leaves the link usable (it is checked first). */
  async hosted(req: HostedPasswordResetRequest): Promise<HostedPasswordResetResponse> {
    assertNewPassword(req.password);
    if (!isWellFormedToken(req.token)) throw refusal('invalid_token');
    const candidates = this.hasher.candidates(req.token);
    const s = await this.links.state(candidates, null);
    if (!s || s.type !== 'password_reset' || !(await this.hostedMode(s.tenant_id))) throw refusal('invalid_token');
    const actor: Actor = { apiKeyId: null, ip: req.ip, userAgent: req.userAgent };
    const consumed = await this.resets.consume({
      candidates, tenantId: s.tenant_id, presentedIp: req.ip, presentedUserAgent: req.userAgent, actor, via: 'hosted_page',
      passwordHash: await hashPassword(req.password), grantHash: null, grantTtlSeconds: 0, correlationId: currentCorrelationId() ?? null,
    });
    if (!consumed) throw await this.explain(candidates, s.tenant_id, req.ip, req.userAgent, actor);
    this.metrics.linkConsumed('password_reset');
    return { appName: consumed.app_name, continueTo: consumed.redirect_url ?? consumed.app_origin, tenantId: s.tenant_id, language: s.language };
  }

  async exchange(req: ExchangePasswordResetRequest): Promise<ExchangePasswordResetResponse> {
    if (!req.token === !req.code) throw new SesameError('validation_failed', 'Give exactly one of token or code');
    const grant = generateToken();
    const grantHash = this.hasher.hash(grant);
    if (req.code) {
      if (!isWellFormedToken(req.code)) throw refusal('invalid_code');
      const r = await this.resets.redeemCode(this.hasher.hash(req.code), req.tenantId, grantHash, RESET_GRANT_TTL_SECONDS);
      if (!r) throw refusal('invalid_code');
      return { reset_grant: grant, expires_at: new Date(r.grant_expires_at).toISOString(), user: { id: r.user_id, email: r.email } };
    }
    const token = req.token as string;
    if (!isWellFormedToken(token)) throw refusal('invalid_token');
    const candidates = this.hasher.candidates(token);
    const consumed = await this.resets.consume({
      candidates, tenantId: req.tenantId, presentedIp: null, presentedUserAgent: null, actor: req.actor, via: 'api',
      passwordHash: null, grantHash, grantTtlSeconds: RESET_GRANT_TTL_SECONDS, correlationId: currentCorrelationId() ?? null,
    });
    if (!consumed?.grant_expires_at) throw await this.explain(candidates, req.tenantId, null, null, req.actor);
    this.metrics.linkConsumed('password_reset');
    return {
      reset_grant: grant, expires_at: new Date(consumed.grant_expires_at).toISOString(), user: { id: consumed.user_id, email: consumed.email },
    };
  }

  async complete(req: CompletePasswordResetRequest): Promise<CompletePasswordResetResponse> {
    if (req.password !== undefined) assertNewPassword(req.password);
    if (!isWellFormedToken(req.resetGrant)) throw new SesameError('invalid_token', 'The reset grant is invalid, used or expired');
    const hash = req.password === undefined ? null : await hashPassword(req.password);
    const done = await this.resets.completeGrant(this.hasher.candidates(req.resetGrant), req.tenantId, hash, req.actor, currentCorrelationId() ?? null);
    if (!done) throw new SesameError('invalid_token', 'The reset grant is invalid, used or expired');
    return { user: { id: done.user_id, email: done.email }, password_stored: hash !== null };
  }

  private async hostedMode(tenantId: string): Promise<boolean> {
    return (await this.tenants.get(tenantId)).policy.passwords.reset_mode === 'hosted_page';
  }

  /** Why a reset link did not consume; a known link's refusal is audited like any verification failure. */
  private async explain(candidates: Buffer[], tenantId: string, ip: string | null, ua: string | null, actor: Actor): Promise<SesameError> {
    const s = await this.links.state(candidates, tenantId);
    if (!s || s.type !== 'password_reset') {
      this.metrics.verificationFailed(s?.type ?? NO_LINK, 'invalid_token');
      return refusal('invalid_token');
    }
    const code = reason(s, ip, ua);
    await this.links.recordFailure(s, code, actor, currentCorrelationId() ?? null);
    this.metrics.verificationFailed(s.type, code);
    return refusal(code);
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
