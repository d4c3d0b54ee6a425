/** What the load generator asked for and what it was answered: the client's side of the invariants. */

export interface CreateRecord {
  seq: number;
  /** Unique per request, so an email in the fake SendGrid names exactly one request. */
  email: string;
  /** Sent with a redirect URL outside the allow-list: must be refused and must never be mailed. */
  meantToBeRefused: boolean;
  startedAt: number;
  finishedAt?: number;
  /** HTTP status; 0 when no answer came (connection refused or reset, client timeout). */
  status?: number;
  errorCode?: string;
  linkId?: string;
}

export interface ConsumeRecord {
  deliveryId: string;
  startedAt: number;
  finishedAt?: number;
  status?: number;
  linkId?: string;
}

export class Ledger {
  readonly creates: CreateRecord[] = [];
  readonly consumes: ConsumeRecord[] = [];

  /** Create requests started in [from, to). */
  createsBetween(from: number, to: number): CreateRecord[] {
    return this.creates.filter((c) => c.startedAt >= from && c.startedAt < to);
  }
}
