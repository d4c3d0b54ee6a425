import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sealer } from '@sesame/crypto';
import { FIRST_FACTOR_TTL_SECONDS, needsPassword, SesameError } from '@sesame/domain';
import type { Actor, AuthFlowView, FirstFactorRequest, FirstFactorResponse, GetAuthFlowRequest, StartAuthFlowRequest } from '@sesame/messaging';
import { LinkService } from '../links/link.service';
import { audit } from '../shared/audit';
import { TenantCache } from '../shared/tenant-cache';
import { ApplicationRepository, ApplicationRow } from './application.repository';
import { AuthFlowRepository } from './auth-flow.repository';
import { PasswordRepository } from './password.repository';
import { PasswordService } from './password.service';

const wrongCredentials = () => new SesameError('invalid_credentials', 'The email address or password is wrong');

/** What a first-factor ticket seals: tenant, application, user and when it stops counting. */
interface FirstFactorClaim {
  t: string;
  a: string;
  u: string;
  x: number;
}

/**
 * Entrust "authentication flow": the application decides the factors. A disabled application is
 * refused before any factor is checked; a failed first factor sends nothing; otherwise a login
 * link is emailed and the flow is pending until that link is consumed.
 *
 * The hosted two-step sign-in checks the password first (`firstFactor`), then lets the person
 * choose the second factor; the sealed ticket it got stands for the password in between, so the
 * password never travels twice and is never kept.
 */
@Injectable()
export class AuthFlowService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(ApplicationRepository) private readonly apps: ApplicationRepository,
    @Inject(AuthFlowRepository) private readonly flows: AuthFlowRepository,
    @Inject(PasswordRepository) private readonly users: PasswordRepository,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(LinkService) private readonly links: LinkService,
  ) {}

  async firstFactor(req: FirstFactorRequest): Promise<FirstFactorResponse> {
    const app = await this.usableApplication(req.tenantId, req.application);
    if (!needsPassword(app.auth_flow)) throw new SesameError('validation_failed', 'This application signs in without a password');
    const userId = await this.checkPassword(req.tenantId, app, req.email, req.password, req.actor);
    const expiresAt = Date.now() + FIRST_FACTOR_TTL_SECONDS * 1000;
    const claim: FirstFactorClaim = { t: req.tenantId, a: app.id, u: userId, x: expiresAt };
    await audit(this.db, {
      tenantId: req.tenantId, action: 'auth_flow.first_factor_passed', subjectType: 'application', subjectId: app.id, userId, actor: req.actor,
    });
    return { ticket: this.sealer.seal(JSON.stringify(claim)).toString('base64url'), expires_at: new Date(expiresAt).toISOString() };
  }

  async start(req: StartAuthFlowRequest): Promise<AuthFlowView> {
    const replayed = await this.flows.findById(req.tenantId, req.requestId);
    if (replayed) return replayed;

    const app = await this.usableApplication(req.tenantId, req.application);
    const { policy } = await this.tenants.get(req.tenantId);
    let userId: string | undefined;
    if (needsPassword(app.auth_flow)) {
      userId = req.firstFactorTicket !== undefined
        ? this.ticketUser(req.firstFactorTicket, req.tenantId, app.id)
        : await this.checkPassword(req.tenantId, app, req.email ?? '', req.password, req.actor);
    } else {
      if (!req.email) throw new SesameError('validation_failed', 'email is required');
      const user = await this.users.findByEmail(req.tenantId, req.email);
      if (!user && policy.users.unknown_email !== 'create') throw new SesameError('not_found', 'No user has this email address');
      if (user && user.status !== 'active') throw new SesameError('user_disabled', 'The user is disabled');
      userId = user?.id;
    }
    const bind = req.bindToBrowser ? policy.sign_in : { bind_ip: false, bind_user_agent: false };

    return this.db.transaction(async (m) => {
      const link = await this.links.createInTransaction(m, {
        requestId: req.requestId, tenantId: req.tenantId, actor: req.actor, type: 'login', send: true,
        ...(userId ? { userId } : { email: req.email }),
        redirectUrl: app.redirect_url ?? undefined, language: req.language,
        ipAddress: bind.bind_ip ? req.actor.ip ?? undefined : undefined,
        userAgent: bind.bind_user_agent ? req.actor.userAgent ?? undefined : undefined,
      });
      const flow = await this.flows.insert(m, {
        id: req.requestId, tenantId: req.tenantId, applicationId: app.id, authFlow: app.auth_flow, userId: link.user_id, linkId: link.id,
      });
      await audit(m, {
        tenantId: req.tenantId, action: 'auth_flow.started', subjectType: 'auth_flow', subjectId: flow.id, userId: flow.user_id,
        actor: req.actor, data: { application_id: app.id, auth_flow: app.auth_flow, link_id: link.id },
      });
      return flow;
    });
  }

  async get(req: GetAuthFlowRequest): Promise<AuthFlowView> {
    const flow = await this.flows.findById(req.tenantId, req.id);
    if (!flow) throw new SesameError('not_found', 'Auth flow not found');
    return flow;
  }

  /** Unknown → 404, disabled → 403, before any factor is looked at. */
  private async usableApplication(tenantId: string, ref: string): Promise<ApplicationRow> {
    const app = await this.apps.findByRef(tenantId, ref);
    if (!app) throw new SesameError('not_found', 'Application not found');
    if (!app.enabled) throw new SesameError('application_disabled', 'This application is disabled');
    return app;
  }

  /** The same refusal (and argon2 cost) for a wrong or missing password, no password and an unknown address. */
  private async checkPassword(tenantId: string, app: ApplicationRow, email: string, password: string | undefined, actor: Actor): Promise<string> {
    const user = password === undefined ? null : await this.passwords.check(tenantId, email, password);
    if (!user) {
      await audit(this.db, {
        tenantId, action: 'auth_flow.first_factor_failed', subjectType: 'application', subjectId: app.id, actor,
        data: { reason: password === undefined ? 'password_missing' : 'password_mismatch' },
      });
      throw wrongCredentials();
    }
    if (user.status !== 'active') throw new SesameError('user_disabled', 'The user is disabled');
    return user.id;
  }

  /** The user a first-factor ticket vouches for: sealed by us, for this tenant and application, not yet expired. */
  private ticketUser(ticket: string, tenantId: string, applicationId: string): string {
    let claim: FirstFactorClaim;
    try {
      claim = JSON.parse(this.sealer.open(Buffer.from(ticket, 'base64url'))) as FirstFactorClaim;
    } catch {
      throw wrongCredentials();
    }
    if (claim.t !== tenantId || claim.a !== applicationId || !(claim.x > Date.now())) throw wrongCredentials();
    return claim.u;
  }
}
