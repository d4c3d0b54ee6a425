import type { Pool } from 'pg';
import type { LoadGenerator } from './load/load-generator';

const PENDING_SQL = `
SELECT (SELECT count(*) FROM mail_deliveries WHERE tenant_id = $1 AND status IN ('queued', 'sending'))::int AS mail,
       (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1 AND status = 'pending')::int AS webhooks,
       (SELECT count(*) FROM outbox WHERE tenant_id = $1 AND published_at IS NULL)::int AS outbox,
       (SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1)::int AS webhook_rows`;

export interface Pending {
  mail: number;
  webhooks: number;
  outbox: number;
  /** Every webhook delivery row of the tenant: a fan-out still being written makes it grow. */
  webhook_rows: number;
}

/** What the tenant still has in flight: mail queued or being sent, webhooks pending, outbox rows unpublished. */
export async function pending(db: Pool, tenantId: string): Promise<Pending> {
  const { rows } = await db.query(PENDING_SQL, [tenantId]);
  return rows[0];
}

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
    const p = await pending(db, tenantId);
    if (p.webhook_rows !== lastRows) {
      lastRows = p.webhook_rows;
      stableSince = Date.now();
    }
    const settled = p.mail === 0 && p.webhooks === 0 && p.outbox === 0 && Date.now() - stableSince > 2000;
    if (settled || Date.now() - started > maxMs) return { ms: Date.now() - started, mail: p.mail, webhooks: p.webhooks, outbox: p.outbox };
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Between faults: the load runs on for `settleMs`, then until the last fault's backlog is worked off
 * (mail and outbox back to a second's worth of the load), at most `maxMs` more. A fault injected
 * while the previous one's backlog still fills both cores is timed against that backlog, not
 * against steady load: a mail-worker killed right after a token-service's restart had its held
 * sends wait behind the catch-up. Returns the time waited beyond `settleMs`.
 */
export async function settle(db: Pool, tenantId: string, o: { settleMs: number; ratePerSecond: number; maxMs: number }): Promise<number> {
  await new Promise((r) => setTimeout(r, o.settleMs));
  const started = Date.now();
  for (;;) {
    const p = await pending(db, tenantId).catch(() => null); // Postgres still coming back: look again
    if ((p && p.mail <= o.ratePerSecond && p.outbox <= o.ratePerSecond) || Date.now() - started > o.maxMs) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
}
