import { Inject, Injectable } from '@nestjs/common';
import { SesameError } from '@sesame/domain';
import type { AuditEventView, ListAuditEventsRequest, ListAuditEventsResponse } from '@sesame/messaging';
import { decodeCursor, toPage } from '@sesame/persistence';
import { AuditQueryRepository, AuditRow } from './audit-query.repository';

/** The audit log, as integrators read it: newest first, filtered, cursor-paginated. */
@Injectable()
export class AuditService {
  constructor(@Inject(AuditQueryRepository) private readonly events: AuditQueryRepository) {}

  async list(req: ListAuditEventsRequest): Promise<ListAuditEventsResponse> {
    for (const [name, value] of [['since', req.since], ['until', req.until]] as const) {
      if (value !== undefined && Number.isNaN(Date.parse(value))) throw new SesameError('validation_failed', `${name} must be an ISO 8601 date-time`);
    }
    const rows = await this.events.list({
      tenantId: req.tenantId, actions: req.types, userId: req.userId, linkId: req.linkId, since: req.since, until: req.until,
      after: decodeCursor(req.cursor, 'bigint'), limit: req.limit + 1,
    });
    return toPage(rows, req.limit, toAuditEventView);
  }
}

export function toAuditEventView(r: AuditRow): AuditEventView {
  return {
    id: r.id,
    type: r.action,
    created_at: new Date(r.created_at).toISOString(),
    actor: { api_key_id: r.actor_api_key_id, ip: r.ip, user_agent: r.user_agent },
    subject: { type: r.subject_type, id: r.subject_id },
    user_id: r.user_id,
    data: r.data,
  };
}
