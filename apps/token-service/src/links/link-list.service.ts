import { Inject, Injectable } from '@nestjs/common';
import { SesameError } from '@sesame/domain';
import type { LinkView, ListLinksRequest, ListLinksResponse, RevokeLinkRequest } from '@sesame/messaging';
import { currentCorrelationId } from '@sesame/observability';
import { LinkQueryRepository } from './link-query.repository';
import { LinkRevokeRepository } from './link-revoke.repository';
import { LinkRow, toLinkView } from './link-row';

/** Listing (cursor pagination) and revocation. */
@Injectable()
export class LinkListService {
  constructor(
    @Inject(LinkQueryRepository) private readonly links: LinkQueryRepository,
    @Inject(LinkRevokeRepository) private readonly revoker: LinkRevokeRepository,
  ) {}

  async list(req: ListLinksRequest): Promise<ListLinksResponse> {
    const rows = await this.links.list({
      tenantId: req.tenantId, userId: req.userId, status: req.status, after: decodeCursor(req.cursor), limit: req.limit + 1,
    });
    const page = rows.slice(0, req.limit);
    const last = page[page.length - 1];
    return { data: page.map(toLinkView), next_cursor: rows.length > req.limit && last ? encodeCursor(last) : null };
  }

  /** Idempotent: revoking a revoked link returns it; a consumed link cannot be revoked (409). */
  async revoke(req: RevokeLinkRequest): Promise<LinkView> {
    await this.revoker.revoke(req.tenantId, req.id, req.actor, currentCorrelationId() ?? null);
    const row = await this.links.findById(req.tenantId, req.id);
    if (!row) throw new SesameError('not_found', 'Magic link not found');
    if (row.consumed_at) throw new SesameError('conflict', 'The magic link was already used and cannot be revoked');
    return toLinkView(row);
  }
}

function encodeCursor(row: LinkRow): string {
  return Buffer.from(`${new Date(row.created_at).toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new SesameError('validation_failed', 'cursor is not valid');
  }
  return { createdAt, id };
}
