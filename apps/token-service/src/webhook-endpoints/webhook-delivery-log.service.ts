import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { newWebhookMessageId } from '@sesame/crypto';
import { PING_EVENT_TYPE, SesameError, webhookEvent } from '@sesame/domain';
import type {
  ListWebhookDeliveriesRequest, ListWebhookDeliveriesResponse, ReplayWebhookDeliveryRequest, WebhookDeliveryView, WebhookEndpointActionRequest,
} from '@sesame/messaging';
import { OutboxJobPayload, QUEUES } from '@sesame/queue-contracts';
import { currentCorrelationId, currentTraceparent } from '@sesame/observability';
import { cursorTimestampSql, decodeCursor, outboxStep, toPage } from '@sesame/persistence';
import { audit } from '../shared/audit';

type Db = Pick<EntityManager, 'query'>;

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_type: string;
  status: WebhookDeliveryView['status'];
  attempts: number;
  replays: number;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  last_response_body: string | null;
  last_attempt_at: Date | null;
  created_at: Date;
  cursor_ts: string;
}

const COLUMNS = `id, endpoint_id, event_type, status, attempts, replays, last_status_code, last_error, last_latency_ms,
  last_response_body, last_attempt_at, created_at, ${cursorTimestampSql('created_at')} AS cursor_ts`;

/**
 * The delivery log of an endpoint, replays and test pings. A replay or a ping asks the dispatcher
 * (through the outbox, in the same transaction) for a `deliver` job with its own retry settings.
 */
@Injectable()
export class WebhookDeliveryLogService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async list(req: ListWebhookDeliveriesRequest): Promise<ListWebhookDeliveriesResponse> {
    const after = decodeCursor(req.cursor, 'message');
    await this.endpointEnabled(this.db, req.tenantId, req.endpointId);
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM webhook_deliveries
       WHERE tenant_id = $1 AND endpoint_id = $2 AND ($3::text IS NULL OR status = $3)
         AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::varchar))
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      [req.tenantId, req.endpointId, req.status ?? null, after?.createdAt ?? null, after?.id ?? null, req.limit + 1],
    );
    return toPage(rows, req.limit, toDeliveryView);
  }

  /** Sends a finished (succeeded or failed) delivery again, with the same webhook-id and body. */
  async replay(req: ReplayWebhookDeliveryRequest): Promise<WebhookDeliveryView> {
    return this.db.transaction(async (m) => {
      if (!(await this.endpointEnabled(m, req.tenantId, req.endpointId))) throw disabled();
      const [rows] = await m.query(
        `UPDATE webhook_deliveries SET status = 'pending', replays = replays + 1, updated_at = now()
         WHERE tenant_id = $1 AND endpoint_id = $2 AND id = $3 AND status <> 'pending' RETURNING ${COLUMNS}`,
        [req.tenantId, req.endpointId, req.id],
      );
      const row = (rows as DeliveryRow[])[0];
      if (!row) {
        const found = await m.query(`SELECT 1 FROM webhook_deliveries WHERE tenant_id = $1 AND endpoint_id = $2 AND id = $3`, [req.tenantId, req.endpointId, req.id]);
        if (found.length === 0) throw new SesameError('not_found', 'Webhook delivery not found');
        throw new SesameError('conflict', 'The delivery is still being attempted; replay it once it has succeeded or failed');
      }
      await scheduleDelivery(m, req.tenantId, row.id, row.replays);
      await audit(m, { tenantId: req.tenantId, action: 'webhook_delivery.replayed', subjectType: 'webhook_endpoint', subjectId: req.endpointId, actor: req.actor, data: { delivery_id: row.id, replay: row.replays } });
      return toDeliveryView(row);
    });
  }

  /** A `webhook.ping` to this endpoint whatever it subscribes to; its delivery shows in the log. */
  async test(req: WebhookEndpointActionRequest): Promise<WebhookDeliveryView> {
    return this.db.transaction(async (m) => {
      if (!(await this.endpointEnabled(m, req.tenantId, req.id))) throw disabled();
      const id = newWebhookMessageId();
      const body = JSON.stringify(webhookEvent(PING_EVENT_TYPE, { endpoint_id: req.id, message: 'Test event from Sesame' }));
      const [row]: DeliveryRow[] = await m.query(
        `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, body)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [id, req.tenantId, req.id, `ping-${randomUUID()}`, PING_EVENT_TYPE, body],
      );
      await scheduleDelivery(m, req.tenantId, id, 0);
      await audit(m, { tenantId: req.tenantId, action: 'webhook_endpoint.tested', subjectType: 'webhook_endpoint', subjectId: req.id, actor: req.actor, data: { delivery_id: id } });
      return toDeliveryView(row);
    });
  }

  /** Whether the endpoint is enabled; 404 when the tenant has no such endpoint. */
  private async endpointEnabled(m: Db, tenantId: string, endpointId: string): Promise<boolean> {
    const rows: Array<{ enabled: boolean }> = await m.query(`SELECT enabled FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2`, [tenantId, endpointId]);
    if (!rows[0]) throw new SesameError('not_found', 'Webhook endpoint not found');
    return rows[0].enabled;
  }
}

async function scheduleDelivery(m: Db, tenantId: string, deliveryId: string, run: number): Promise<void> {
  const payload: OutboxJobPayload<typeof QUEUES.webhooks, 'schedule-delivery'> = { deliveryId, run, correlationId: currentCorrelationId(), traceparent: currentTraceparent() };
  await m.query(SCHEDULE_DELIVERY_SQL, [tenantId, JSON.stringify(payload)]);
}

const SCHEDULE_DELIVERY_SQL = outboxStep(QUEUES.webhooks, 'schedule-delivery', { json: '$2::jsonb' }, { tenant: '$1::uuid' });

function disabled(): SesameError {
  return new SesameError('conflict', 'The webhook endpoint is disabled; enable it (PATCH enabled=true) first');
}

function toDeliveryView(r: DeliveryRow): WebhookDeliveryView {
  return {
    id: r.id,
    endpoint_id: r.endpoint_id,
    event_type: r.event_type,
    status: r.status,
    attempts: r.attempts,
    replays: r.replays,
    last_status_code: r.last_status_code,
    last_error: r.last_error,
    last_latency_ms: r.last_latency_ms,
    last_response_body: r.last_response_body,
    last_attempt_at: r.last_attempt_at ? new Date(r.last_attempt_at).toISOString() : null,
    created_at: new Date(r.created_at).toISOString(),
  };
}
