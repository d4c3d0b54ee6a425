import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { redirectPolicyFor, resolveRedirect, SesameError } from '@sesame/domain';
import type {
  ApplicationView, CreateApplicationRequest, DeleteApplicationRequest, GetApplicationRequest, ListApplicationsRequest,
  ListApplicationsResponse, UpdateApplicationRequest,
} from '@sesame/messaging';
import { audit } from '../shared/audit';
import { TenantCache } from '../shared/tenant-cache';
import { ApplicationRepository, toApplicationView } from './application.repository';

/** Applications and their authentication flow (CRUD, audited). */
@Injectable()
export class ApplicationService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(ApplicationRepository) private readonly apps: ApplicationRepository,
  ) {}

  async create(req: CreateApplicationRequest): Promise<ApplicationView> {
    const redirectUrl = await this.checkRedirect(req.tenantId, req.redirectUrl ?? null);
    return this.db.transaction(async (m) => {
      const row = await this.apps.insert(m, {
        id: req.requestId, tenantId: req.tenantId, name: req.name, authFlow: req.authFlow, enabled: req.enabled ?? true, redirectUrl,
      });
      if (!row) {
        const replayed = await this.apps.findById(req.tenantId, req.requestId, m);
        if (replayed) return toApplicationView(replayed);
        throw new SesameError('conflict', 'An application with this name already exists');
      }
      await audit(m, { tenantId: req.tenantId, action: 'application.created', subjectType: 'application', subjectId: row.id, actor: req.actor, data: { name: row.name, auth_flow: row.auth_flow, enabled: row.enabled } });
      return toApplicationView(row);
    });
  }

  async get(req: GetApplicationRequest): Promise<ApplicationView> {
    const row = await this.apps.findById(req.tenantId, req.id);
    if (!row) throw new SesameError('not_found', 'Application not found');
    return toApplicationView(row);
  }

  async list(req: ListApplicationsRequest): Promise<ListApplicationsResponse> {
    return { data: (await this.apps.list(req.tenantId)).map(toApplicationView) };
  }

  async update(req: UpdateApplicationRequest): Promise<ApplicationView> {
    const redirect = req.redirectUrl === undefined ? undefined : await this.checkRedirect(req.tenantId, req.redirectUrl);
    return this.db.transaction(async (m) => {
      const current = await this.apps.findById(req.tenantId, req.id, m);
      if (!current) throw new SesameError('not_found', 'Application not found');
      const next = {
        name: req.name ?? current.name,
        authFlow: req.authFlow ?? current.auth_flow,
        enabled: req.enabled ?? current.enabled,
        redirectUrl: redirect === undefined ? current.redirect_url : redirect,
      };
      const row = await this.apps.update(m, req.tenantId, req.id, next).catch((err: unknown) => {
        throw (err as { driverError?: { code?: string } })?.driverError?.code === '23505'
          ? new SesameError('conflict', 'An application with this name already exists') : err;
      });
      if (!row) throw new SesameError('not_found', 'Application not found');
      await audit(m, { tenantId: req.tenantId, action: 'application.updated', subjectType: 'application', subjectId: row.id, actor: req.actor, data: { name: row.name, auth_flow: row.auth_flow, enabled: row.enabled } });
      return toApplicationView(row);
    });
  }

  async delete(req: DeleteApplicationRequest): Promise<void> {
    await this.db.transaction(async (m) => {
      const gone = await this.apps.delete(m, req.tenantId, req.id);
      if (!gone) throw new SesameError('not_found', 'Application not found');
      await audit(m, { tenantId: req.tenantId, action: 'application.deleted', subjectType: 'application', subjectId: gone.id, actor: req.actor, data: { name: gone.name } });
    });
  }

  /** An application's redirect URL obeys the tenant's redirect allow-list like any link's. */
  private async checkRedirect(tenantId: string, url: string | null): Promise<string | null> {
    if (url === null) return null;
    const { policy } = await this.tenants.get(tenantId);
    return resolveRedirect(url, redirectPolicyFor(policy, 'native'));
  }
}
