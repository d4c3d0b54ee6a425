import type { SendResult } from '../transports/mail-transport';

/** One send to claim: a link delivery, a registration email or a template test, by id and tenant. */
export interface SendKey {
  id: string;
  tenantId: string;
}

/**
 * Who claims: the queue job run and the worker. BullMQ counts a job's runs (`attemptsStarted`):
 * a stalled job re-run after its first run's lock expired presents a higher number than the claim
 * it finds, and so may take that claim over at once.
 */
export interface ClaimOwner {
  jobId: string;
  jobAttempt: number;
  /** host:pid, recorded with the claim for operators. */
  worker: string;
}

/** A send this worker now holds (`sending`); `attempts` is the claim's number, the fence of every later update. */
export interface ClaimedSend extends SendKey {
  attempts: number;
  /** Database clock, so expiry is judged by one clock across replicas. */
  now: Date;
}

/** Where a send stands when it could not be claimed. */
export interface SendState {
  status: string;
  /** How long a live claim has left before any claimer may take it over, in ms (≤ 0: stale). */
  claimRemainingMs: number;
  /** A later run of the same job holds the claim: this run was declared stalled and lost it. */
  superseded: boolean;
}

/** The claim, or (null) why there is none: `state` null when the send no longer exists. */
export type ClaimResult<C extends ClaimedSend> = { claimed: C; state?: undefined } | { claimed: null; state: SendState | null };

/**
 * The rows of one kind of send, as the claim-then-send protocol (ClaimedSendRunner) uses them.
 * Every update after the claim is fenced by the claim's number, except `markSent`: the provider
 * did accept that message, so it is recorded whoever holds the claim now (once: a second call
 * finds the row already sent and returns false).
 *
 * A store may serve concurrent calls with one statement per batch (the link deliveries do: see
 * DeliveryRepository); each caller still gets its own answer once its row is written.
 */
export interface SendStore<C extends ClaimedSend> {
  claim(key: SendKey, owner: ClaimOwner, claimTimeoutMs: number): Promise<ClaimResult<C>>;
  /** True while this claim still holds the send: checked right before the provider call. */
  holds(c: C): Promise<boolean>;
  /** Not sent and never will be (link used, registration expired…); the sealed token is dropped. */
  markSkipped(c: C, reason: string): Promise<boolean>;
  markSent(c: C, result: SendResult): Promise<boolean>;
  /** Given up for good; the sealed token is dropped. */
  markFailed(c: C, error: string): Promise<boolean>;
  /** Hands the send back (`queued`) for a later run. */
  release(c: C, error: string): Promise<boolean>;
}
