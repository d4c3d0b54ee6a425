import type { Pool } from 'pg';
import type { Stack, StackProcess } from '@sesame/testing';
import type { PrivatePostgres } from '../infra/private-postgres';
import type { PrivateRedis } from '../infra/private-redis';
import type { LoadGenerator } from '../load/load-generator';
import type { Timings } from '../timings';

/** A property a fault must show besides the invariants (e.g. "gateway answered 503 within 1 s"). */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface FaultOutcome {
  checks: Check[];
  /**
   * I3's allowance: the sends this fault may have cut between the provider's 202 and the database
   * update (measured: the claims a killed mail-worker left behind). Any other duplicate is a violation.
   */
  cutAfterAccept?: string[];
  /** I6's subject: the sends the faulted mail-worker held (killed or frozen) when the fault began. */
  heldClaims?: HeldClaims;
}

/** Sends a mail-worker held when it died or froze at `since` (epoch ms): each must be sent within the lock window. */
export interface HeldClaims {
  deliveryIds: string[];
  since: number;
}

export interface Fault {
  /** Row label of the report table. */
  name: string;
  /** Set when the fault depends on work not on main yet: its row is reported, not enforced. */
  pending?: () => string | undefined;
  inject(ctx: FaultContext): Promise<FaultOutcome>;
}

export interface FaultContext {
  stack: Stack;
  redis: PrivateRedis;
  postgres: PrivatePostgres;
  load: LoadGenerator;
  timings: Timings;
  /** The suite's own connection to the stack's database. */
  db: Pool;
  tenantId: string;
  /** The tenant's admin key, as the load uses it. */
  apiKey: string;
  /**
   * The admin key of a second tenant, which only the fail-fast probes use: a client other than the
   * load must be refused fast with 503. (The load's own tenant, its requests stuck on the fault,
   * may instead meet its share of the gateway: a fast 429 with Retry-After, also never a hang.)
   */
  probeKey: string;
  instances(app: string): StackProcess[];
  log(message: string): void;
}
