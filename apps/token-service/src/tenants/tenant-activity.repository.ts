import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TenantActivity } from '@sesame/messaging';

export const ACTIVITY_WINDOW_HOURS = 24;
/** Each count stops here, so one list call reads at most this many index entries per count and tenant. */
export const ACTIVITY_CAP = 100_000;

/**
 * A capped count of one tenant's rows in the window. Every one is a range scan of a
 * (tenant_id, time) index: ix_magic_links_tenant_created, ix_magic_links_tenant_consumed,
 * ix_mail_deliveries_tenant_created, and ix_webhook_deliveries_endpoint_created through the
 * tenant's endpoints. None reads another tenant's rows or anything older than the window.
 */
const capped = (from: string) => `(SELECT count(*)::int FROM (SELECT 1 FROM ${from} LIMIT $3) c)`;
const SINCE = `now() - make_interval(hours => $2)`;

const ACTIVITY_SQL = `
SELECT t.id,
  ${capped(`magic_links l WHERE l.tenant_id = t.id AND l.created_at >= ${SINCE}`)} AS links_created,
  ${capped(`magic_links l WHERE l.tenant_id = t.id AND l.consumed_at >= ${SINCE}`)} AS links_consumed,
  ${capped(`mail_deliveries d WHERE d.tenant_id = t.id AND d.created_at >= ${SINCE} AND d.status = 'sent'`)} AS emails_sent,
  ${capped(`mail_deliveries d WHERE d.tenant_id = t.id AND d.created_at >= ${SINCE} AND d.status = 'failed'`)} AS emails_failed,
  ${capped(`webhook_endpoints e JOIN webhook_deliveries w ON w.endpoint_id = e.id
            WHERE e.tenant_id = t.id AND w.created_at >= ${SINCE} AND w.status = 'failed'`)} AS webhook_failures
FROM unnest($1::uuid[]) AS t(id)`;

/** The operator's per-tenant activity counts for the tenant list (one statement per page). */
@Injectable()
export class TenantActivityRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async forTenants(ids: string[]): Promise<Map<string, TenantActivity>> {
    if (ids.length === 0) return new Map();
    const rows: Array<Omit<TenantActivity, 'window_hours' | 'cap'> & { id: string }> = await this.db.query(ACTIVITY_SQL, [ids, ACTIVITY_WINDOW_HOURS, ACTIVITY_CAP]);
    return new Map(rows.map(({ id, ...counts }) => [id, { window_hours: ACTIVITY_WINDOW_HOURS, cap: ACTIVITY_CAP, ...counts }]));
  }
}
