import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { needsPassword, SesameError } from '@sesame/domain';
import type { AuthFlowView, GetAuthFlowRequest, StartAuthFlowRequest } from '@sesame/messaging';
import { LinkService } from '../links/link.service';
import { audit } from '../shared/audit';
import { TenantCache } from '../shared/tenant-cache';
import { ApplicationRepository } from './application.repository';
import { AuthFlowRepository } from './auth-flow.repository';
import { PasswordRepository } from './password.repository';
import { PasswordService } from './password.service';

/**
 * Entrust "authentication flow": the application decides the factors. A disabled application is
 * refused before any factor is checked; a failed first factor sends nothing; otherwise a login
 * link is emailed and the flow is pending until that link is consumed.
 */
@Injectable()
export class AuthFlowService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(ApplicationRepository) private readonly apps: ApplicationRepository,
    @Inject(AuthFlowRepository) private readonly flows: AuthFlowRepository,
    @Inject(PasswordRepository) private readonly users: PasswordRepository,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(LinkService) private readonly links: LinkService,
  ) {}

  async start(req: StartAuthFlowRequest): Promise<AuthFlowView> {
    const replayed = await this.flows.findById(req.tenantId, req.requestId);
    if (replayed) return replayed;

    const app = await this.apps.findByRef(req.tenantId, req.application);
    if (!app) throw new SesameError('not_found', 'Application not found');
    if (!app.enabled) throw new SesameError('application_disabled', 'This application is disabled');

    let userId: string | undefined;
    if (needsPassword(app.auth_flow)) {
      const user = req.password === undefined ? null : await this.passwords.check(req.tenantId, req.email, req.password);
      if (!user) {
        await audit(this.db, {
          tenantId: req.tenantId, action: 'auth_flow.first_factor_failed', subjectType: 'application', subjectId: app.id, actor: req.actor,
          data: { reason: req.password === undefined ? 'password_missing' : 'password_mismatch' },
        });
        throw new SesameError('invalid_credentials', 'The email address or password is wrong');
      }
      userId = user.id;
    } else {
      userId = (await this.users.findByEmail(req.tenantId, req.email))?.id;
      const { policy } = await this.tenants.get(req.tenantId);
      if (!userId && policy.users.unknown_email !== 'create') throw new SesameError('not_found', 'No user has this email address');
    }

    return this.db.transaction(async (m) => {
      const link = await this.links.createInTransaction(m, {
        requestId: req.requestId, tenantId: req.tenantId, actor: req.actor, type: 'login', send: true,
        ...(userId ? { userId } : { email: req.email }),
        redirectUrl: app.redirect_url ?? undefined, language: req.language,
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
}
