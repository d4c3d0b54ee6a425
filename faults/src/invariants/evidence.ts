import type { Pool } from 'pg';
import type { FakeSendGrid, WebhookReceiver } from '@sesame/testing';

/** Everything the invariants are computed from: the providers' records and the database, at the end. */
export interface Evidence {
  links: LinkRow[];
  /** Accepted (2xx) provider requests per delivery id, with when each arrived. */
  acceptedByDelivery: Map<string, Date[]>;
  /** Deliveries with a 2xx the mail-worker never received (its request had timed out): a cut seen from the provider. */
  unheardAccepts: Set<string>;
  /** Every provider request (any answer) per recipient address. */
  mailedTo: Set<string>;
  /** Links with a `magiclink.email.failed` or `.skipped` audit event. */
  auditedUnsent: Set<string>;
  /** `magiclink.consumed` audit events per link. */
  consumedAudits: Map<string, number>;
  webhooks: WebhookRow[];
  /** webhook-ids the receiver got. */
  receivedIds: Set<string>;
  /** webhook-ids whose body also arrived under another webhook-id (Standard Webhooks: one id per message). */
  splitIds: Set<string>;
}

export interface LinkRow {
  id: string;
  email: string;
  expiresAt: Date;
  consumedAt: Date | null;
  deliveryId: string | null;
  deliveryStatus: string | null;
}

export interface WebhookRow {
  id: string;
  status: string;
  linkId: string | undefined;
}

const LINK_ID_IN_BODY = /"link_id"\s*:\s*"([0-9a-f-]{36})"/;

export async function gatherEvidence(db: Pool, tenantId: string, sendgrid: FakeSendGrid, receiver: WebhookReceiver): Promise<Evidence> {
  const [links, audits, webhooks] = await Promise.all([
    db.query(
      `SELECT l.id, u.email, l.expires_at, l.consumed_at, d.id AS delivery_id, d.status AS delivery_status
       FROM magic_links l JOIN users u ON u.tenant_id = l.tenant_id AND u.id = l.user_id
       LEFT JOIN mail_deliveries d ON d.tenant_id = l.tenant_id AND d.link_id = l.id
       WHERE l.tenant_id = $1`,
      [tenantId],
    ),
    db.query(
      `SELECT subject_id, action, count(*)::int AS n FROM audit_events
       WHERE tenant_id = $1 AND action IN ('magiclink.email.failed', 'magiclink.email.skipped', 'magiclink.consumed')
       GROUP BY subject_id, action`,
      [tenantId],
    ),
    db.query(`SELECT id, status, body FROM webhook_deliveries WHERE tenant_id = $1`, [tenantId]),
  ]);

  const acceptedByDelivery = new Map<string, Date[]>();
  const mailedTo = new Set<string>();
  const unheardAccepts = new Set<string>();
  for (const r of sendgrid.requests) {
    for (const p of r.body?.personalizations ?? []) for (const to of p.to ?? []) mailedTo.add(String(to.email).toLowerCase());
    const id = r.body?.custom_args?.sesame_delivery_id;
    if (!id || r.status < 200 || r.status >= 300) continue;
    acceptedByDelivery.set(id, [...(acceptedByDelivery.get(id) ?? []), r.receivedAt]);
    if (r.clientGone) unheardAccepts.add(id);
  }

  const idsByBody = new Map<string, Set<string>>();
  const receivedIds = new Set<string>();
  for (const w of receiver.received) {
    const id = w.headers['webhook-id'] ?? '';
    receivedIds.add(id);
    idsByBody.set(w.body, (idsByBody.get(w.body) ?? new Set()).add(id));
  }
  const splitIds = new Set([...idsByBody.values()].filter((ids) => ids.size > 1).flatMap((ids) => [...ids]));

  return {
    links: links.rows.map((r) => ({
      id: r.id, email: String(r.email).toLowerCase(), expiresAt: r.expires_at, consumedAt: r.consumed_at,
      deliveryId: r.delivery_id, deliveryStatus: r.delivery_status,
    })),
    acceptedByDelivery,
    unheardAccepts,
    mailedTo,
    auditedUnsent: new Set(audits.rows.filter((a) => a.action !== 'magiclink.consumed').map((a) => a.subject_id)),
    consumedAudits: new Map(audits.rows.filter((a) => a.action === 'magiclink.consumed').map((a) => [a.subject_id, a.n])),
    webhooks: webhooks.rows.map((w) => ({ id: w.id, status: w.status, linkId: LINK_ID_IN_BODY.exec(w.body)?.[1] })),
    receivedIds,
    splitIds,
  };
}
