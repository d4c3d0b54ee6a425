import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import type { MailWorkerConfig } from '@sesame/config';
import { CONFIG } from '@sesame/observability';
import { isDatabaseUnavailable } from '@sesame/persistence';
import { FaultHooks } from '../fault-hooks';
import { PermanentSendError, RetryLaterError } from '../send-errors';
import type { SendResult } from '../transports/mail-transport';
import { asTransportError, TransportError } from '../transports/transport-error';
import type { ClaimedSend, ClaimOwner, SendKey, SendState, SendStore } from './send-store';

/** `superseded`: a later run of the same job took the claim over (this run had stalled). */
export type SendOutcome = 'sent' | 'skipped' | 'already-done' | 'superseded';

/** One run of a queue job that sends something. */
export interface SendRequest {
  key: SendKey;
  /** The job id and BullMQ's run number of this job (`attemptsStarted`). */
  job: { id: string; attempt: number };
  /** The queue will not retry after this attempt: a retryable failure becomes final. */
  finalAttempt: boolean;
}

/** What a claimed send becomes: a message to send, or the reason it is skipped or fails for good. */
export type Prepared<M> = { message: M } | { skip: string } | { fail: string };

/** One kind of send: its rows, how a claimed row becomes a message, and which transport sends it. */
export interface SendSubject<C extends ClaimedSend, M> {
  readonly store: SendStore<C>;
  prepare(c: C): Prepared<M> | Promise<Prepared<M>>;
  deliver(c: C, message: M): Promise<SendResult>;
}

/** A rate-limited send is deferred at most this many times before waits count as attempts. */
const MAX_DEFERRED_CLAIMS = 25;

/**
 * The claim-then-send protocol of every email and SMS the mail-worker sends: claim the row in
 * Postgres, prepare the message, check the claim is still held, call the provider, record. One
 * retry policy for all kinds (see `failed`).
 *
 * Crash timing: a run that dies holding a claim loses its BullMQ job lock within JOB_LOCK_MS; the
 * stalled-job check re-runs the job, and the re-run, presenting a higher run number, takes the
 * claim over at once. A run that froze instead (SIGSTOP, a blocked event loop) and wakes up finds
 * its claim gone at the check right before the provider call and sends nothing. The one window
 * left is a freeze between that check and the provider receiving the request (one round trip):
 * then both runs send, one duplicate. A freeze while the provider is already handling the request
 * is the same: that mail went out, and the re-run sends it again.
 */
@Injectable()
export class ClaimedSendRunner {
  private readonly worker = `${hostname()}:${process.pid}`;

  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(FaultHooks) private readonly faults: FaultHooks,
  ) {}

  async run<C extends ClaimedSend, M>(subject: SendSubject<C, M>, req: SendRequest): Promise<SendOutcome> {
    const owner: ClaimOwner = { jobId: req.job.id, jobAttempt: req.job.attempt, worker: this.worker };
    const result = await subject.store.claim(req.key, owner, this.config.SEND_CLAIM_TIMEOUT_MS);
    if (result.claimed === null) return unclaimed(result.state ?? null);
    const c = result.claimed;

    const prepared = await subject.prepare(c);
    if ('skip' in prepared) {
      await subject.store.markSkipped(c, prepared.skip);
      return 'skipped';
    }
    if ('fail' in prepared) {
      await subject.store.markFailed(c, prepared.fail);
      throw new PermanentSendError(prepared.fail);
    }
    this.faults.afterClaim(c.id);
    // Last thing before the provider call, so a run that froze since its claim does not send.
    if (!(await subject.store.holds(c))) return 'superseded';
    let sent: SendResult;
    try {
      sent = await subject.deliver(c, prepared.message);
    } catch (err) {
      return this.failed(subject.store, c, asTransportError(err), req.finalAttempt);
    }
    await this.recordSent(subject.store, c, sent);
    return 'sent';
  }

  /**
   * The provider has accepted the message: record it, retrying while the database is unreachable
   * (a restart, a failover) for half the claim timeout. Giving up would fail the job, and its
   * retry would send the message a second time.
   */
  private async recordSent<C extends ClaimedSend>(store: SendStore<C>, c: C, result: SendResult): Promise<void> {
    const deadline = Date.now() + this.config.SEND_CLAIM_TIMEOUT_MS / 2;
    for (let waitMs = 250; ; waitMs = Math.min(waitMs * 2, 2000)) {
      try {
        await store.markSent(c, result);
        return;
      } catch (err) {
        if (!isDatabaseUnavailable(err) || Date.now() + waitMs > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  /**
   * Permanent: failed. A known wait (429 Retry-After): released, and waited for without spending
   * an attempt, up to MAX_DEFERRED_CLAIMS times. Otherwise released for the queue's backoff, or
   * failed on the queue's last attempt.
   */
  private async failed<C extends ClaimedSend>(store: SendStore<C>, c: C, err: TransportError, finalAttempt: boolean): Promise<never> {
    if (err.permanent) {
      await store.markFailed(c, err.message);
      throw new PermanentSendError(err.message);
    }
    if (err.retryAfterMs !== undefined && c.attempts < MAX_DEFERRED_CLAIMS) {
      await store.release(c, err.message);
      throw new RetryLaterError(err.message, err.retryAfterMs);
    }
    if (finalAttempt) {
      await store.markFailed(c, `gave up after ${c.attempts} attempts: ${err.message}`);
      throw new PermanentSendError(err.message);
    }
    await store.release(c, err.message);
    throw new RetryLaterError(err.message);
  }
}

/** Nothing claimed: finished already (or purged), taken over by a later run, or another worker holds it. */
function unclaimed(state: SendState | null): SendOutcome {
  if (!state || state.status === 'sent' || state.status === 'failed' || state.status === 'skipped') return 'already-done';
  if (state.superseded) return 'superseded';
  // A live claim (or a release that raced this claim): look again once it has finished or gone stale.
  throw new RetryLaterError(`send is ${state.status} by another worker`, Math.max(1000, state.claimRemainingMs + 1000));
}
