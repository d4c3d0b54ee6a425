import { Inject, Injectable } from '@nestjs/common';
import { SesameError } from '@sesame/domain';
import type {
  LatestLinkForUserRequest, LatestLinkForUserResponse, LinkView, ListLinksRequest, ListLinksResponse, RevokeLinkRequest,
  RevokeLinksForUserRequest, RevokeLinksForUserResponse,
} from '@sesame/messaging';
import { currentCorrelationId } from '@sesame/observability';
import { decodeCursor, toPage } from '@sesame/persistence';
import { LinkQueryRepository } from './link-query.repository';
import { LinkRevokeRepository } from './link-revoke.repository';
import { toLinkView } from './link-row';

/** Listing (cursor pagination), a user's latest link, and revocation. */
@Injectable()
export class LinkListService {
  constructor(
    @Inject(LinkQueryRepository) private readonly links: LinkQueryRepository,
    @Inject(LinkRevokeRepository) private readonly revoker: LinkRevokeRepository,
  ) {}

  async list(req: ListLinksRequest): Promise<ListLinksResponse> {
    const rows = await this.links.list({
      tenantId: req.tenantId, userId: req.userId, status: req.status, after: decodeCursor(req.cursor, 'uuid'), limit: req.limit + 1,
    });
    return toPage(rows, req.limit, toLinkView);
  }

  /** Idempotent: revoking a revoked link returns it; a consumed link cannot be revoked (409). */
  async revoke(req: RevokeLinkRequest): Promise<LinkView> {
    await this.revoker.revoke(req.tenantId, req.id, req.actor, currentCorrelationId() ?? null);
    const row = await this.links.findById(req.tenantId, req.id);
    if (!row) throw new SesameError('not_found', 'Magic link not found');
    if (row.consumed_at) throw new SesameError('conflict', 'The magic link was already used and cannot be revoked');
    return toLinkView(row);
  }

  async latestForUser(req: LatestLinkForUserRequest): Promise<LatestLinkForUserResponse> {
    const row = await this.links.latestForUser(req.tenantId, req.userId);
    if (row) return { ...toLinkView(row), delivered_to: row.delivered_to };
    await this.requireUser(req.tenantId, req.userId);
    throw new SesameError('not_found', 'The user has no magic link');
  }

  /** Revokes every live link of the user; revoking none is not an error. */
  async revokeForUser(req: RevokeLinksForUserRequest): Promise<RevokeLinksForUserResponse> {
    await this.requireUser(req.tenantId, req.userId);
    return { revoked: await this.revoker.revokeForUser(req.tenantId, req.userId, req.actor, currentCorrelationId() ?? null) };
  }

  private async requireUser(tenantId: string, userId: string): Promise<void> {
    if (!(await this.links.userExists(tenantId, { userId }))) throw new SesameError('not_found', 'User not found');
  }
}
