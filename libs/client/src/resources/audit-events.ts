import type { ItemOf, Ok, Query } from '../api-types';
import type { HttpClient, RequestOptions } from '../http-client';
import { ListQuery, PagedList } from '../pagination';

export type AuditEventPage = Ok<'/v1/audit-events', 'get'>;
export type AuditEvent = ItemOf<AuditEventPage>;
export type ListAuditEventsQuery = Query<'/v1/audit-events', 'get'>;

/** `/v1/audit-events` (scope `audit:read`; docs/api.md#audit-log): newest first, never skipping or repeating across pages. */
export class AuditEvents {
  constructor(private readonly http: HttpClient) {}

  list(query: ListQuery<ListAuditEventsQuery> = {}, opts?: RequestOptions): PagedList<AuditEvent> {
    return PagedList.of((cursor) => this.listPage({ ...query, cursor }, opts));
  }

  listPage(query: ListAuditEventsQuery = {}, opts?: RequestOptions): Promise<AuditEventPage> {
    return this.http.request({ method: 'GET', path: '/v1/audit-events', query }, opts);
  }
}
