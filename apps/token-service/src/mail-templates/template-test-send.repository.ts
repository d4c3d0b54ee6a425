import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxJobPayload, QUEUES } from '@sesame/queue-contracts';
import { currentTraceparent } from '@sesame/observability';
import { outboxStep } from '@sesame/persistence';

type Db = Pick<EntityManager, 'query'>;

const TEST_SEND_JOB_SQL = outboxStep(QUEUES.mail, 'send-template-test', { json: '$2::jsonb' }, { tenant: '$1::uuid' });

export interface TestSendWindow {
  count: number;
  /** Seconds until the oldest test send of the window leaves it. */
  resetsInSeconds: number;
}

/** SQL for template_test_sends; every statement is scoped by tenant id. */
@Injectable()
export class TemplateTestSendRepository {
  /** Serialises the tenant's test sends until the transaction ends, so two requests cannot both take the last one. */
  async lockTenant(m: Db, tenantId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('template-test-send:' || $1::text, 0))`, [tenantId]);
  }

  async window(m: Db, tenantId: string, seconds: number): Promise<TestSendWindow> {
    const [row] = await m.query(
      `SELECT count(*)::int AS count,
              COALESCE(EXTRACT(EPOCH FROM (min(created_at) + make_interval(secs => $2) - now())), 0)::float8 AS resets_in
       FROM template_test_sends WHERE tenant_id = $1 AND created_at > now() - make_interval(secs => $2)`,
      [tenantId, seconds],
    );
    return { count: row.count, resetsInSeconds: Math.ceil(Number(row.resets_in)) };
  }

  /** The test send and its `send-template-test` mail job (through the outbox, in the same transaction). */
  async insert(m: Db, t: { id: string; tenantId: string; type: string; language: string; to: string; correlationId: string | undefined }): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO template_test_sends (id, tenant_id, type, language, to_address) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [t.id, t.tenantId, t.type, t.language, t.to],
    );
    if (rows.length === 0) return false;
    const payload: OutboxJobPayload<typeof QUEUES.mail, 'send-template-test'> = { testSendId: t.id, correlationId: t.correlationId, traceparent: currentTraceparent() };
    await m.query(TEST_SEND_JOB_SQL, [t.tenantId, JSON.stringify(payload)]);
    return true;
  }
}
