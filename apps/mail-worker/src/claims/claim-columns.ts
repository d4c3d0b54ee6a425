import type { Db } from './db';
import type { ClaimedSend, ClaimOwner, SendKey, SendState } from './send-store';

/** The claim columns of a send table (registrations prefix theirs with `mail_`). */
export interface ClaimColumnNames {
  status: string;
  attempts: string;
  claimedAt: string;
  jobId: string;
  jobAttempt: string;
  claimedBy: string;
}

/** SQL expressions of who claims: the job run, the worker, and the claim timeout (ms). */
export interface ClaimSource {
  jobId: string;
  jobAttempt: string;
  worker: string;
  timeoutMs: string;
}

/** A statement claiming one row binds $1 id, $2 tenant id, $3 the timeout, $4 the job id, $5 its run number, $6 the worker (`params`). */
const ONE_CLAIM: ClaimSource = { jobId: '$4::text', jobAttempt: '$5::int', worker: '$6::text', timeoutMs: '$3::int' };

/**
 * The claim protocol's SQL for one table, written once: a statement claiming one row binds its
 * values as `params` does; one claiming a batch passes its own ClaimSource (columns of its input).
 *
 * A send is claimable when queued, or when its claim is held by an earlier run of the same job
 * (BullMQ only re-runs a job once the earlier run's lock has expired: that run died or froze), or
 * when the claim is older than the timeout (a claim left by some other job, e.g. a republished one).
 * Concurrent claimers serialise on the row lock; the loser re-checks the WHERE and gets no row.
 */
export class ClaimColumns {
  readonly fence: string;

  constructor(
    readonly table: string,
    readonly c: ClaimColumnNames,
  ) {
    this.fence = `id = $1 AND tenant_id = $2 AND ${this.heldBy('', '$3')}`;
  }

  /** The row is still held by the claim numbered `attempts` (an SQL expression): the fence of every update after the claim. */
  heldBy(alias: string, attempts: string): string {
    return `${this.col(alias, 'status')} = 'sending' AND ${this.col(alias, 'attempts')} = ${attempts}`;
  }

  /** The provider's acceptance is not recorded yet: recorded once, whoever holds the claim now. */
  unsent(alias = ''): string {
    return `${this.col(alias, 'status')} <> 'sent'`;
  }

  /** The SET list of a claim (unqualified names, as an UPDATE's SET requires). */
  set(alias: string, by: ClaimSource = ONE_CLAIM): string {
    const c = this.c;
    return `${c.status} = 'sending', ${c.claimedAt} = now(), ${c.attempts} = ${alias}.${c.attempts} + 1, ` +
      `${c.jobId} = ${by.jobId}, ${c.jobAttempt} = ${by.jobAttempt}, ${c.claimedBy} = ${by.worker}`;
  }

  /** The WHERE condition that makes a row claimable (see the class comment). */
  claimable(alias: string, by: ClaimSource = ONE_CLAIM): string {
    const col = (name: keyof ClaimColumnNames) => this.col(alias, name);
    return `(${col('status')} = 'queued' OR (${col('status')} = 'sending' AND (
      (${col('jobId')} = ${by.jobId} AND ${col('jobAttempt')} < ${by.jobAttempt})
      OR ${col('claimedAt')} < now() - ${by.timeoutMs} * interval '1 millisecond')))`;
  }

  /** A claim column, qualified by `alias` unless it is empty. */
  private col(alias: string, name: keyof ClaimColumnNames): string {
    return alias ? `${alias}.${this.c[name]}` : this.c[name];
  }

  params(key: SendKey, owner: ClaimOwner, claimTimeoutMs: number): unknown[] {
    return [key.id, key.tenantId, claimTimeoutMs, owner.jobId, owner.jobAttempt, owner.worker];
  }

  async state(db: Db, key: SendKey, owner: ClaimOwner, claimTimeoutMs: number): Promise<SendState | null> {
    const c = this.c;
    const rows: { status: string; remaining: number; superseded: boolean }[] = await db.query(
      `SELECT ${c.status} AS status,
              COALESCE(EXTRACT(EPOCH FROM (${c.claimedAt} + $3::int * interval '1 millisecond' - now())) * 1000, 0)::float8 AS remaining,
              COALESCE(${c.jobId} = $4::text AND ${c.jobAttempt} > $5::int, false) AS superseded
       FROM ${this.table} WHERE id = $1 AND tenant_id = $2`,
      [key.id, key.tenantId, claimTimeoutMs, owner.jobId, owner.jobAttempt],
    );
    const r = rows[0];
    return r ? { status: r.status, claimRemainingMs: Number(r.remaining), superseded: r.status === 'sending' && r.superseded } : null;
  }

  async holds(db: Db, s: ClaimedSend): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM ${this.table} WHERE ${this.fence}`, [s.id, s.tenantId, s.attempts]);
    return rows.length > 0;
  }

  /** Back to `queued`; `error` names the table's error column. */
  async release(db: Db, s: ClaimedSend, errorColumn: string, error: string, extraSet = ''): Promise<boolean> {
    const [, count] = await db.query(
      `UPDATE ${this.table} SET ${this.c.status} = 'queued', ${this.c.claimedAt} = NULL, ${errorColumn} = $4${extraSet} WHERE ${this.fence}`,
      [s.id, s.tenantId, s.attempts, error],
    );
    return count > 0;
  }
}
