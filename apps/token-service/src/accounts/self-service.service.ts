import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { selfServiceAllowed, selfServiceLinkType, SesameError } from '@sesame/domain';
import type { SelfServiceRequest } from '@sesame/messaging';
import { LOGGER } from '@sesame/observability';
import { LinkService } from '../links/link.service';
import { TenantCache } from '../shared/tenant-cache';
import { SelfServiceRepository } from './self-service.repository';

/**
 * The hosted self-service pages' requests (forgot password, verify email, sign up). The gateway
 * has answered the page before this runs, so whether the address is known, and which link (if
 * any) it gets, takes no time the asker can measure and shows nowhere. Each outcome is logged
 * with its reason; a link sent is audited like any other (`magiclink.created`).
 */
@Injectable()
export class SelfServiceService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(SelfServiceRepository) private readonly users: SelfServiceRepository,
    @Inject(LinkService) private readonly links: LinkService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async request(req: SelfServiceRequest): Promise<{ accepted: true }> {
    const { policy } = await this.tenants.get(req.tenantId);
    const email = req.email.trim().toLowerCase();
    const user = await this.users.userByEmail(req.tenantId, email);
    const type = selfServiceAllowed(req.kind, policy) ? selfServiceLinkType(req.kind, user, policy.links.login.enabled) : null;
    const log = { requestId: req.requestId, tenantId: req.tenantId, kind: req.kind };
    if (!type) {
      this.logger.info({ ...log, reason: user ? 'nothing_to_send' : 'unknown_address' }, 'self-service request sends nothing');
      return { accepted: true };
    }
    try {
      // A redelivered request finds the link its first delivery made (same id) and sends nothing more.
      await this.links.createForSignIn(this.db, {
        requestId: req.requestId, tenantId: req.tenantId, actor: { apiKeyId: null, ip: req.ip, userAgent: req.userAgent },
        email, type, send: true, redirectUrl: req.redirectUrl, language: req.language,
        contextData: type === 'registration' ? req.contextData : undefined,
        createUnknownUser: req.kind === 'sign_up',
        ipAddress: policy.sign_in.bind_ip ? req.ip ?? undefined : undefined,
        userAgent: policy.sign_in.bind_user_agent ? req.userAgent ?? undefined : undefined,
      });
      this.logger.info({ ...log, type }, 'self-service link sent');
    } catch (err) {
      if (!(err instanceof SesameError)) throw err;
      this.logger.info({ ...log, type, reason: err.code }, 'self-service request sends nothing');
    }
    return { accepted: true };
  }
}
