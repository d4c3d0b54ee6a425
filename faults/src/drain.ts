import type { Pool } from 'pg';
import type { LoadGenerator } from './load/load-generator';

const PENDING_SQL = `
SELECT (SELECT count(*) FROM mail_deliveries WHERE tenant_id = $1 AND status IN ('queued', 'sending'))::int AS mail,
       (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1 AND status = 'pending')::int AS webhooks,
       (SELECT count(*) FROM outbox WHERE tenant_id = $1 AND published_at IS NULL)::int AS outbox,
       (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1)::int AS webhook_rows`;

export interface DrainResult {
  ms: number;
  /** What was still pending when the wait ended (all zero when everything settled). */
  mail: number;
  webhooks: number;
  outbox: number;
}

/**
 * After the load stops: keeps using the mail that still arrives, and waits until no mail is queued
 * or being sent, no outbox row is unpublished and no webhook is pending (and no new webhook row
 * appeared for a while, so fan-outs in flight are done), or until `maxMs`.
 */
export async function drain(db: Pool, tenantId: string, load: LoadGenerator, maxMs: number): Promise<DrainResult> {
  const started = Date.now();
  let lastRows = -1;
  let stableSince = Date.now();
  for (;;) {
    load.consumeNewMail();
    await load.stop();
    const { rows } = await db.query(PENDING_SQL, [tenantId]);
    const p = rows[0];
    if (p.webhook_rows !== lastRows) {
      lastRows = p.webhook_rows;
      stableSince = Date.now();
    }
    const settled = p.mail === 0 && p.webhooks === 0 && p.outbox === 0 && Date.now() - stableSince > 2000;
    if (settled || Date.now() - started > maxMs) return { ms: Date.now() - started, mail: p.mail, webhooks: p.webhooks, outbox: p.outbox };
    await new Promise((r) => setTimeout(r, 500));
  }
}
