import type { HeldClaims } from '../faults/fault';
import type { CreateRecord, Ledger } from '../load/ledger';
import type { Evidence, LinkRow } from './evidence';

/** Violations (and context) of I1-I5 for the links created during one window of the run. */
export interface InvariantCounts {
  /** Create requests in the window, and how many committed a link. */
  requests: number;
  committed: number;
  /** I1: committed links neither mailed before they expired nor marked failed with an audit event. */
  i1: number;
  /** I2: requests refused or rolled back that were mailed anyway (or a bad request that was not refused). */
  i2: number;
  /**
   * I3: duplicate provider calls, and how many of them a cut between the provider's 202 and our
   * update explains (a worker killed there, or a 202 that arrived after the worker's request timed out).
   */
  duplicates: number;
  explainedDuplicates: number;
  /** I4: links used more than once. */
  i4: number;
  /** I5: webhooks for used links not delivered nor marked failed, or sent under more than one webhook-id. */
  i5: number;
  /**
   * I6: sends a killed or frozen mail-worker held that reached the provider later than the lock
   * window (JOB_LOCK_MS + 5 s) after the fault, or never (unless they ended failed or skipped).
   */
  i6: number;
  /** A few ids of what broke an invariant, to look up in the process logs. */
  examples: string[];
}

export function countViolations(
  creates: CreateRecord[], ledger: Ledger, ev: Evidence, cut: Set<string>, held?: { claims: HeldClaims; windowMs: number },
): InvariantCounts {
  const linksByEmail = new Map(ev.links.map((l) => [l.email, l]));
  const counts: InvariantCounts = { requests: creates.length, committed: 0, i1: 0, i2: 0, duplicates: 0, explainedDuplicates: 0, i4: 0, i5: 0, i6: 0, examples: [] };
  const successfulUses = usesPerLink(ledger);
  const webhooksByLink = groupBy(ev.webhooks, (w) => w.linkId);

  const note = (what: string) => counts.examples.length < 5 && counts.examples.push(what);
  for (const c of creates) {
    const email = c.email.toLowerCase();
    const link = linksByEmail.get(email);
    const refused = c.status !== undefined && c.status >= 400 && c.status < 500;
    if (!link || refused) {
      if (ev.mailedTo.has(email) || (link && refused)) {
        counts.i2++;
        note(`I2 request ${c.seq} (${c.status})`);
      }
      continue;
    }
    if (c.meantToBeRefused) {
      counts.i2++; // a redirect outside the allow-list was accepted
      note(`I2 request ${c.seq} accepted a bad redirect`);
    }
    counts.committed++;
    if (!mailedInTime(link, ev) && !(isUnsent(link) && ev.auditedUnsent.has(link.id))) {
      counts.i1++;
      note(`I1 link ${link.id} (delivery ${link.deliveryStatus})`);
    }

    const accepted = link.deliveryId ? ev.acceptedByDelivery.get(link.deliveryId)?.length ?? 0 : 0;
    if (accepted > 1) {
      counts.duplicates += accepted - 1;
      const cuts = (cut.has(link.deliveryId!) ? 1 : 0) + (ev.unheardAccepts.has(link.deliveryId!) ? 1 : 0);
      counts.explainedDuplicates += Math.min(accepted - 1, cuts);
      if (accepted - 1 > cuts) note(`I3 delivery ${link.deliveryId}`);
    }

    if ((successfulUses.get(link.id) ?? 0) > 1 || (ev.consumedAudits.get(link.id) ?? 0) > 1) {
      counts.i4++;
      note(`I4 link ${link.id}`);
    }
    if (link.consumedAt && !webhookSettled(webhooksByLink.get(link.id) ?? [], ev)) {
      counts.i5++;
      note(`I5 link ${link.id}`);
    }
  }
  if (held) {
    const late = lateClaims(held.claims, ev, held.windowMs);
    counts.i6 = late.length;
    late.slice(0, 5 - counts.examples.length).forEach((id) => note(`I6 delivery ${id}`));
  }
  return counts;
}

/**
 * I6: the held sends whose first accepted provider request came later than `windowMs` after the
 * fault, or that were never accepted and did not end failed or skipped. A send the dead worker had
 * already handed to the provider before the fault is on time.
 */
export function lateClaims(held: HeldClaims, ev: Pick<Evidence, 'acceptedByDelivery' | 'links'>, windowMs: number): string[] {
  const statusOf = new Map(ev.links.map((l) => [l.deliveryId, l.deliveryStatus]));
  return held.deliveryIds.filter((id) => {
    const first = Math.min(...(ev.acceptedByDelivery.get(id) ?? []).map((t) => t.getTime()));
    if (Number.isFinite(first)) return first > held.since + windowMs;
    const status = statusOf.get(id);
    return status !== 'failed' && status !== 'skipped';
  });
}

function mailedInTime(link: LinkRow, ev: Evidence): boolean {
  const times = link.deliveryId ? ev.acceptedByDelivery.get(link.deliveryId) : undefined;
  return !!times?.some((t) => t.getTime() < link.expiresAt.getTime());
}

function isUnsent(link: LinkRow): boolean {
  return link.deliveryStatus === 'failed' || link.deliveryStatus === 'skipped';
}

/** Delivered (the receiver saw its webhook-id) or marked failed; every attempt under one webhook-id. */
function webhookSettled(rows: Evidence['webhooks'], ev: Evidence): boolean {
  if (rows.length === 0) return false;
  return rows.every((w) => {
    if (ev.splitIds.has(w.id)) return false;
    return w.status === 'failed' || (w.status === 'succeeded' && ev.receivedIds.has(w.id));
  });
}

function usesPerLink(ledger: Ledger): Map<string, number> {
  const uses = new Map<string, number>();
  for (const c of ledger.consumes) if (c.status === 200 && c.linkId) uses.set(c.linkId, (uses.get(c.linkId) ?? 0) + 1);
  return uses;
}

function groupBy<T>(items: T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}
