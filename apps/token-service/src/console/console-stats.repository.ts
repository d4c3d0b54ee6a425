import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StatsSeries } from '@sesame/messaging';

/** The audit action each series counts; audit events are the durable record (expired links themselves are purged). */
export const SERIES_ACTIONS: Record<Exclude<StatsSeries, 'webhook_failures'>, string> = {
  links_created: 'magiclink.created',
  links_consumed: 'magiclink.consumed',
  links_expired: 'magiclink.expired',
  emails_sent: 'magiclink.email.sent',
  emails_failed: 'magiclink.email.failed',
};

const COUNTS = Object.entries(SERIES_ACTIONS)
  .map(([series, action]) => `count(*) FILTER (WHERE action = '${action}')::int AS ${series}`)
  .join(', ');

/**
 * Every bucket of the window (empty ones too), with the tenant's audit events and failed webhook
 * deliveries counted per bucket. Both scans use the tenant's (tenant_id, created_at) index.
 */
const STATS_SQL = `
WITH since AS (SELECT date_trunc($2, now() - $3::interval) + ('1 ' || $2)::interval AS at),
b AS (SELECT generate_series((SELECT at FROM since), date_trunc($2, now()), ('1 ' || $2)::interval) AS start),
a AS (
  SELECT date_trunc($2, created_at) AS start, ${COUNTS}
  FROM audit_events WHERE tenant_id = $1 AND created_at >= (SELECT at FROM since) AND action = ANY($4)
  GROUP BY 1
),
w AS (
  SELECT date_trunc($2, created_at) AS start, count(*)::int AS webhook_failures
  FROM webhook_deliveries WHERE tenant_id = $1 AND created_at >= (SELECT at FROM since) AND status = 'failed'
  GROUP BY 1
)
SELECT to_char(b.start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS start,
  ${Object.keys(SERIES_ACTIONS).map((s) => `COALESCE(a.${s}, 0) AS ${s}`).join(', ')}, COALESCE(w.webhook_failures, 0) AS webhook_failures
FROM b LEFT JOIN a USING (start) LEFT JOIN w USING (start) ORDER BY b.start`;

@Injectable()
export class ConsoleStatsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** `unit` hour or day; `span` a Postgres interval ('24 hours', '7 days'). */
  buckets(tenantId: string, unit: 'hour' | 'day', span: string): Promise<({ start: string } & Record<StatsSeries, number>)[]> {
    return this.db.query(STATS_SQL, [tenantId, unit, span, Object.values(SERIES_ACTIONS)]);
  }
}
