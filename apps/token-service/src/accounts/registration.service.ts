import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateToken, isWellFormedToken, Sealer, TokenHasher } from '@sesame/crypto';
import { MAX_TTL_SECONDS, resolveRedirect, SesameError } from '@sesame/domain';
import type {
  StartRegistrationRequest, StartRegistrationResponse, ValidateRegistrationRequest, ValidateRegistrationResponse,
} from '@sesame/messaging';
import { recordEvent } from '@sesame/persistence';
import { currentCorrelationId } from '@sesame/observability';
import { audit } from '../shared/audit';
import { TenantCache } from '../shared/tenant-cache';
import { RegistrationRepository, RegistrationRow } from './registration.repository';

/**
 * Magic-link email registration, Auth Armor's model: start emails a button leading to the
 * integrator's registration redirect URL with `?registration_validation_token=`; validating that
 * token creates the user (`new_user`) or adds the address to an existing one (`existing_user`) and
 * returns the context data given at start. IP address and user agent given at start must match.
 */
@Injectable()
export class RegistrationService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(TokenHasher) private readonly hasher: TokenHasher,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(RegistrationRepository) private readonly registrations: RegistrationRepository,
  ) {}

  async start(req: StartRegistrationRequest): Promise<StartRegistrationResponse> {
    const { policy } = await this.tenants.get(req.tenantId);
    if (!policy.links.registration.enabled) throw new SesameError('type_disabled', 'Registration is disabled for this tenant');
    const redirectUrl = resolveRedirect(req.registrationRedirectUrl, {
      enabled: policy.redirect.enabled, allowedUrls: policy.redirect.allowed_urls, appOrigin: policy.app.origin,
    });
    if (!redirectUrl) throw new SesameError('validation_failed', 'registration_redirect_url is required');
    const ttl = req.timeoutInSeconds ?? policy.links.registration.ttl_seconds;
    // Auth Armor sets no floor; the ceiling is every link's.
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
      throw new SesameError('validation_failed', `timeout_in_seconds must be between 1 and ${MAX_TTL_SECONDS}`);
    }
    const email = req.emailAddress.toLowerCase();
    const kind = req.userId ? 'existing_user' : 'new_user';
    const owner = await this.registrations.userByEmail(req.tenantId, email);
    if (req.userId) {
      const user = await this.registrations.userById(req.tenantId, req.userId);
      if (!user) throw new SesameError('not_found', 'User not found');
      if (user.status !== 'active') throw new SesameError('user_disabled', 'The user is disabled');
      if (owner && owner.id !== user.id) throw new SesameError('email_in_use', 'This email address belongs to another user');
    } else if (owner) {
      throw new SesameError('email_in_use', 'This email address is already in use');
    }

    const token = generateToken();
    const row = await this.registrations.start({
      id: req.requestId, tenantId: req.tenantId, kind, email, userId: req.userId ?? null,
      tokenHash: this.hasher.hash(token), sealedToken: this.sealer.seal(token), redirectUrl,
      actionName: req.actionName ?? null, shortMsg: req.shortMsg ?? null, contextData: req.contextData ?? null,
      bindIp: req.ipAddress ?? null, bindUserAgent: req.userAgent ?? null, ttlSeconds: ttl, actor: req.actor,
      correlationId: currentCorrelationId() ?? null,
    }) ?? (await this.registrations.findById(req.tenantId, req.requestId));
    if (!row) throw new SesameError('conflict', 'The registration could not be started; retry');
    return {
      registration_id: row.id, magiclink_email_registration_type: kind, email_address: email, timeout_in_seconds: ttl,
      expires_at: new Date(row.expires_at).toISOString(),
    };
  }

  async validate(req: ValidateRegistrationRequest): Promise<ValidateRegistrationResponse> {
    if (!isWellFormedToken(req.registrationValidationToken)) throw refused('invalid_token');
    const candidates = this.hasher.candidates(req.registrationValidationToken);
    // Refusals are returned, not thrown, so the transaction commits nothing and the refusal is audited after it.
    const outcome: Outcome = await this.db.transaction(async (m): Promise<Outcome> => {
      const r = await this.registrations.lockByToken(m, req.tenantId, candidates);
      if (!r) return { error: refused('invalid_token') };
      const problem = check(r, req.ipAddress ?? null, req.userAgent ?? null);
      if (problem) return { error: problem, registration: r };

      const user = r.kind === 'new_user'
        ? await this.registrations.insertUser(m, req.tenantId, randomUUID(), r.email)
        : await this.registrations.addMagicLinkEmail(m, req.tenantId, r.user_id as string, r.email);
      if (!user) {
        return r.kind === 'new_user'
          ? { error: new SesameError('email_in_use', 'This email address is already in use') }
          : { error: new SesameError('not_found', 'The user no longer exists or is disabled') };
      }
      await this.registrations.markValidated(m, req.tenantId, r.id, user.id);
      if (r.kind === 'new_user') {
        await audit(m, { tenantId: req.tenantId, action: 'user.created', subjectType: 'user', subjectId: user.id, userId: user.id, actor: req.actor, data: { via: 'registration', email: user.email } });
        await recordEvent(m, req.tenantId, 'user.created', { user_id: user.id, email: user.email, status: 'active' });
      }
      await audit(m, {
        tenantId: req.tenantId, action: 'registration.completed', subjectType: 'registration', subjectId: r.id, userId: user.id,
        actor: req.actor, data: { registration_type: r.kind, email: r.email },
      });
      await recordEvent(m, req.tenantId, 'registration.completed', {
        user_id: user.id, email: r.email, registration_id: r.id, registration_type: r.kind, context_data: r.context_data,
      });
      return {
        ok: {
          magiclink_email_registration_type: r.kind, user_id: user.id, username: user.email, email_address: r.email,
          context_data: r.context_data,
        },
      };
    });
    if ('ok' in outcome) return outcome.ok;
    const { error, registration } = outcome;
    if (registration) {
      await audit(this.db, {
        tenantId: req.tenantId, action: 'registration.validation_failed', subjectType: 'registration', subjectId: registration.id,
        userId: registration.user_id, actor: req.actor, data: { reason: error.code },
      });
    }
    throw error;
  }
}

type Outcome = { ok: ValidateRegistrationResponse } | { error: SesameError; registration?: RegistrationRow };

const MESSAGES = {
  invalid_token: 'The registration validation token is invalid',
  used: 'The registration was already validated',
  expired: 'The registration has expired',
  binding_mismatch: 'The registration cannot be validated from this device or network',
} as const;
const refused = (code: keyof typeof MESSAGES) => new SesameError(code, MESSAGES[code]);

/** Auth Armor: the IP address and user agent given at start, when given, must be presented again. */
function check(r: RegistrationRow, ip: string | null, ua: string | null): SesameError | null {
  if (r.validated_at) return refused('used');
  if (r.expired) return refused('expired');
  if ((r.bind_ip && r.bind_ip !== ip) || (r.bind_user_agent && r.bind_user_agent !== ua)) return refused('binding_mismatch');
  return null;
}
