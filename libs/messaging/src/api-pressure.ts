import type { RedisConnection } from './redis';

/**
 * "The API is under pressure": a gateway near or over its admission limit says so here, and the
 * background workers (mail, webhooks) run with less concurrency while it lasts, so the CPU they share
 * with the API goes to answering requests first. The backlog they leave is worked off at full rate
 * once the mark expires. One key with a TTL: a gateway that dies or recovers stops renewing it and
 * the mark disappears by itself — no "pressure over" message to lose.
 *
 * Rename warning: every gateway and worker of a deployment must agree on this key's name; renaming
 * it makes workers deaf to the gateways until every process runs the new name.
 */
export const apiPressureKey = (prefix: string) => `${prefix}:api-pressure`;

/** How long one report counts. Gateways renew at most every RENEW_MS while the pressure lasts. */
export const API_PRESSURE_TTL_MS = 2000;
const RENEW_MS = 500;
/** Workers look this often: the mark lasts four looks, so one missed renewal changes nothing. */
export const API_PRESSURE_POLL_MS = 500;

/**
 * A fact that holds while someone keeps saying so: `renew()` sets a key with a TTL, writing at most
 * once per `renewMs` however often it is called (so a hot path may call it), and the key expires by
 * itself when the renewals stop. Readers only ask whether it exists.
 */
export class ExpiringMark {
  private lastWrite = 0;

  constructor(
    private readonly redis: RedisConnection,
    private readonly key: string,
    private readonly ttlMs: number,
    private readonly renewMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  renew(): void {
    const now = Date.now();
    if (now - this.lastWrite < this.renewMs) return;
    this.lastWrite = now;
    this.redis.set(this.key, '1', 'PX', this.ttlMs).catch(this.onError);
  }
}

/** The gateway's side: `renew()` on every request that finds the gateway loaded; Redis sees ≤ 2 writes/s. */
export const apiPressureMark = (redis: RedisConnection, prefix: string, onError: (err: unknown) => void) =>
  new ExpiringMark(redis, apiPressureKey(prefix), API_PRESSURE_TTL_MS, RENEW_MS, onError);

/**
 * A worker's side: calls `onChange(true|false)` when the mark appears or goes. Errors count as "no
 * pressure": a worker must not slow down for ever because Redis hiccuped.
 */
export class ApiPressureWatcher {
  private timer?: NodeJS.Timeout;
  private pressured = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly onChange: (pressured: boolean) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.look(), API_PRESSURE_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get isPressured(): boolean {
    return this.pressured;
  }

  async look(): Promise<void> {
    const now = await this.redis.exists(apiPressureKey(this.prefix)).then((n) => n === 1, () => false);
    if (now !== this.pressured) {
      this.pressured = now;
      this.onChange(now);
    }
  }
}
