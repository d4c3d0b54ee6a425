import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { RedisOptions } from 'ioredis';
import type { Registry } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { SesameError } from '@sesame/domain';
import { runWithContext } from '@sesame/observability';
import { ConsumerHeartbeat } from '../consumer-heartbeat';
import { createRedis, isRedisCluster, RedisConnection } from '../redis';
import type { RpcErrorBody } from './rpc-contracts';
import { outcomeOfCode, RpcServerMetrics, RpcServerOutcome } from './rpc-metrics';
import { RedisStreamsContext } from './streams-context';
import { StreamsKeys, streamsKeys } from './streams-keys';
import { inRpcServerSpan } from './streams-tracing';
import { RedisStreamsEvents, RpcLogger, closeQuietly, errorMessage, nestRpcLogger, settleWithin, sleep } from './streams-util';
import { RpcReply, StreamEntry, entriesOfAutoclaim, entriesOfRead, pairsToRecord } from './streams-wire';

export interface RedisStreamsServerOptions {
  redisUrl: string;
  prefix: string;
  /** Unique per process (default hostname-pid-random); a replica's pending entries are tied to it. */
  consumerName?: string;
  /** Max handlers in flight (default 64). */
  concurrency?: number;
  /** An entry pending longer than this on any consumer is reclaimed (default 10000). */
  claimIdleMs?: number;
  /** XREADGROUP BLOCK (default 1000). */
  blockMs?: number;
  /**
   * How long this consumer's heartbeat (refreshed every third of it) counts for the clients'
   * readiness: a replica killed without notice stops counting after it (default 3000).
   */
  heartbeatTtlMs?: number;
  logger?: RpcLogger;
  /** Where `sesame_rpc_requests_total` and `sesame_rpc_request_duration_seconds` go (none: not recorded). */
  metrics?: Registry;
}

const REPLY_TTL_MS = 60_000;
const CLOSE_WAIT_MS = 10_000;
const PRUNE_EVERY_MS = 60_000;
const STALE_CONSUMER_MS = 600_000;
const RETRY_DELAY_MS = 500;
/** Idle time given to handed-back entries: past any replica's claimIdleMs. */
const HAND_BACK_IDLE_MS = 86_400_000;

interface PendingReply {
  entryId: string;
  replyTo: string;
  json: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Nest microservice transport on a Redis Streams consumer group: each request is handled by one
 * replica (competing consumers), unlike Nest's pub/sub Redis transport.
 */
export class RedisStreamsServer extends Server<RedisStreamsEvents> implements CustomTransportStrategy {
  readonly consumerName: string;
  private readonly keys: StreamsKeys;
  private readonly concurrency: number;
  private readonly claimIdleMs: number;
  private readonly blockMs: number;
  private readonly log: RpcLogger;
  private readonly metrics?: RpcServerMetrics;
  private reader?: RedisConnection;
  private cmd?: RedisConnection;
  private heartbeat?: ConsumerHeartbeat;
  private stopping = false;
  private readLoop?: Promise<void>;
  private readonly inFlight = new Map<string, Promise<void>>();
  private wakeReader?: () => void;
  private readonly timers: NodeJS.Timeout[] = [];
  private claiming = false;
  private handled = 0;
  private readonly listeners: [string, RedisStreamsEvents[keyof RedisStreamsEvents]][] = [];
  private readonly replies: PendingReply[] = [];

  constructor(private readonly options: RedisStreamsServerOptions) {
    super();
    this.keys = streamsKeys(options.prefix, isRedisCluster(options.redisUrl));
    this.consumerName = options.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.concurrency = options.concurrency ?? 64;
    this.claimIdleMs = options.claimIdleMs ?? 10_000;
    this.blockMs = options.blockMs ?? 1000;
    this.log = options.logger ?? nestRpcLogger(RedisStreamsServer.name);
    this.metrics = options.metrics && new RpcServerMetrics(options.metrics);
  }

  /** Requests whose handler this server ran. */
  get handledCount(): number {
    return this.handled;
  }

  listen(callback: (err?: unknown) => void): void {
    this.start().then(() => callback(), (err: unknown) => callback(err));
  }

  on<K extends keyof RedisStreamsEvents = keyof RedisStreamsEvents, C extends RedisStreamsEvents[K] = RedisStreamsEvents[K]>(event: K, callback: C): void {
    this.listeners.push([event, callback]);
    this.reader?.on(event, callback);
    this.cmd?.on(event, callback);
  }

  /** The command connection (the reader is busy blocking). */
  unwrap<T>(): T {
    if (!this.cmd) throw new Error('Not initialized. Please call the "listen" method first.');
    return this.cmd as T;
  }

  async close(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.timers.forEach(clearInterval);
    // Leave first, so clients stop counting on this replica while it drains.
    await settleWithin(this.heartbeat?.stop() ?? Promise.resolve(), 1000);
    this.wakeReader?.();
    // Aborts the blocking read; whatever it had delivered stays pending and is handed back below.
    this.reader?.disconnect();
    await this.readLoop;
    await settleWithin(Promise.allSettled(this.inFlight.values()), CLOSE_WAIT_MS);
    await settleWithin(this.handBack(), 2000);
    await closeQuietly(this.cmd);
  }

  private async start(): Promise<void> {
    const name = `rpc-server:${this.consumerName}`;
    this.reader = this.connection(`${name}:reader`);
    // Replies and acks issued in the same tick share one write.
    this.cmd = this.connection(name, { enableAutoPipelining: true });
    await this.ensureGroup();
    this.readLoop = this.readForever();
    this.heartbeat = new ConsumerHeartbeat(this.cmd, {
      key: this.keys.consumers,
      consumer: this.consumerName,
      ttlMs: this.options.heartbeatTtlMs,
      onError: (err) => this.log.warn({ err }, 'rpc server: heartbeat failed'),
    });
    await this.heartbeat.start();
    this.every(Math.max(50, Math.floor(this.claimIdleMs / 2)), () => this.reclaim());
    this.every(PRUNE_EVERY_MS, () => this.pruneConsumers());
  }

  private connection(name: string, extra: RedisOptions = {}): RedisConnection {
    const onError = (err: Error) => this.log.warn({ err, connection: name }, 'rpc server: redis error');
    const redis = createRedis(this.options.redisUrl, { name, ...extra, onError });
    for (const [event, callback] of this.listeners) redis.on(event, callback);
    return redis;
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => void task().catch((err: unknown) => this.log.warn({ err }, 'rpc server: periodic task failed')), ms);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * From the start of the stream, not `$`: requests a gateway sent before any replica ever ran (or
   * after Redis lost the group) are read too. Only unanswered entries are in the stream (a reply
   * deletes its entry), and those past their deadline are dropped without running.
   */
  private async ensureGroup(): Promise<void> {
    try {
      await this.cmd!.xgroup('CREATE', this.keys.requests, this.keys.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!errorMessage(err).includes('BUSYGROUP')) throw err;
    }
  }

  private async readForever(): Promise<void> {
    while (!this.stopping) {
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => (this.wakeReader = resolve));
        continue;
      }
      try {
        const raw = await this.reader!.xreadgroup('GROUP', this.keys.group, this.consumerName, 'COUNT', free, 'BLOCK', this.blockMs, 'STREAMS', this.keys.requests, '>');
        if (this.stopping) break;
        entriesOfRead(raw).forEach((entry) => this.dispatch(entry));
      } catch (err) {
        if (this.stopping) break;
        this.log.warn({ err }, 'rpc server: read failed, retrying');
        if (errorMessage(err).includes('NOGROUP')) await this.ensureGroup().catch(() => undefined);
        await sleep(RETRY_DELAY_MS);
      }
    }
  }

  private dispatch(entry: StreamEntry): void {
    const task = this.process(entry)
      .catch((err: unknown) => this.log.error({ err, entryId: entry.entryId }, 'rpc server: processing failed'))
      .finally(() => {
        this.inFlight.delete(entry.entryId);
        this.wakeReader?.();
        this.wakeReader = undefined;
      });
    this.inFlight.set(entry.entryId, task);
  }

  private async process({ entryId, fields }: StreamEntry): Promise<void> {
    const envelope = fields ?? {};
    const { id, pattern, replyTo, deadline, cid, data } = envelope;
    if (!id || !pattern || !replyTo) {
      this.log.warn({ entryId }, 'rpc server: dropping malformed entry');
      return this.drop(entryId);
    }
    // The caller has given up (the gateway answered 503): running it now would only waste work.
    if (!(Number(deadline) > Date.now())) {
      this.finished(pattern, id, 'expired');
      return this.drop(entryId);
    }

    // No reply cache: replies can carry one-time secrets (a link's url), and the reply and the ack
    // are one MULTI, so a request is only re-run when its handler's effects may not have committed.
    // Handlers make writes idempotent instead (the request id is the new row's primary key).
    const reply = await this.execute(id, pattern, data, cid, entryId, envelope);
    await this.reply(entryId, replyTo, JSON.stringify(reply));
  }

  private async execute(id: string, pattern: string, rawData: string | undefined, cid: string | undefined, entryId: string, envelope: Record<string, string>): Promise<RpcReply> {
    // Our patterns are plain strings: look them up directly. Nest's getHandlerByPattern first tries
    // JSON.parse on the pattern, and the exception it throws costs more than the rest of dispatch.
    const handler = this.messageHandlers.get(pattern) ?? null;
    if (!handler || handler.isEventHandler) {
      this.finished(pattern, id, 'client_error');
      return { id, err: { code: 'not_found', message: `No handler for ${pattern}` } };
    }
    this.handled++;
    const started = performance.now();
    try {
      const input: unknown = rawData === undefined ? undefined : JSON.parse(rawData);
      const ctx = new RedisStreamsContext([pattern, entryId, id]);
      const response = await runWithContext(cid || undefined, () =>
        inRpcServerSpan(pattern, envelope, async () => lastValueFrom(this.transformToObservable(await handler(input, ctx)), { defaultValue: null })),
      );
      this.finished(pattern, id, 'ok', started);
      return { id, response: response ?? null };
    } catch (err) {
      const body = this.errorBody(err, pattern, id);
      this.finished(pattern, id, outcomeOfCode(body.code), started, body.code);
      return { id, err: body };
    }
  }

  /**
   * The one place a request is counted and logged, whichever feature handles it. Debug level: at
   * production rates a line per request is the metrics' job; failures the handler did not expect
   * are logged at error level by errorBody.
   */
  private finished(pattern: string, requestId: string, outcome: RpcServerOutcome, started?: number, code?: string): void {
    const seconds = started === undefined ? undefined : (performance.now() - started) / 1000;
    // Bounded label set: a pattern nobody handles is not a new series.
    this.metrics?.record(this.messageHandlers.has(pattern) ? pattern : 'unknown', outcome, seconds);
    this.log.debug?.({ pattern, requestId, outcome, code, durationMs: seconds === undefined ? undefined : Math.round(seconds * 1000) }, 'rpc request');
  }

  private errorBody(err: unknown, pattern: string, requestId: string): RpcErrorBody {
    if (err instanceof SesameError) return err.toJSON();
    this.log.error({ err, pattern, requestId }, 'rpc server: handler failed');
    return { code: 'internal_error', message: 'Internal error' };
  }

  /**
   * Reply and ack in one MULTI, so a request is either answered and acked or neither. Replies
   * finished in the same turn of the event loop share that MULTI: one LPUSH and PEXPIRE per reply
   * list, one XACK and one XDEL for all, instead of six commands per request (the profile showed
   * the per-request MULTI as a quarter of token-service's CPU under load).
   */
  private reply(entryId: string, replyTo: string, json: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.replies.push({ entryId, replyTo, json, resolve, reject });
      if (this.replies.length === 1) setImmediate(() => void this.flushReplies());
    });
  }

  private async flushReplies(): Promise<void> {
    const batch = this.replies.splice(0);
    const byList = new Map<string, string[]>();
    for (const r of batch) byList.set(r.replyTo, [...(byList.get(r.replyTo) ?? []), r.json]);
    const ids = batch.map((r) => r.entryId);
    const tx = this.cmd!.multi();
    for (const [list, jsons] of byList) tx.lpush(list, ...jsons).pexpire(list, REPLY_TTL_MS);
    try {
      const results = await tx.xack(this.keys.requests, this.keys.group, ...ids).xdel(this.keys.requests, ...ids).exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
      batch.forEach((r) => r.resolve());
    } catch (err) {
      batch.forEach((r) => r.reject(err));
    }
  }

  private async drop(entryId: string): Promise<void> {
    await this.cmd!.multi().xack(this.keys.requests, this.keys.group, entryId).xdel(this.keys.requests, entryId).exec();
  }

  /** Takes over entries another consumer (presumably dead) left pending longer than claimIdleMs. */
  private async reclaim(): Promise<void> {
    const free = this.concurrency - this.inFlight.size;
    if (this.claiming || this.stopping || free <= 0) return;
    this.claiming = true;
    try {
      const raw = await this.cmd!.xautoclaim(this.keys.requests, this.keys.group, this.consumerName, this.claimIdleMs, '0-0', 'COUNT', Math.min(100, free));
      for (const entry of entriesOfAutoclaim(raw)) {
        if (this.stopping || this.inFlight.has(entry.entryId)) continue; // our own slow handler
        if (entry.fields) this.dispatch(entry);
        else await this.drop(entry.entryId);
      }
    } catch (err) {
      if (errorMessage(err).includes('NOGROUP')) await this.ensureGroup();
      else throw err;
    } finally {
      this.claiming = false;
    }
  }

  /** Replicas get a new consumer name on each start; forget the old ones once idle and empty. */
  private async pruneConsumers(): Promise<void> {
    const consumers = (await this.cmd!.xinfo('CONSUMERS', this.keys.requests, this.keys.group)) as unknown[][];
    for (const consumer of consumers.map(pairsToRecord)) {
      if (consumer.name === this.consumerName || Number(consumer.pending) > 0 || Number(consumer.idle) < STALE_CONSUMER_MS) continue;
      await this.cmd!.xgroup('DELCONSUMER', this.keys.requests, this.keys.group, consumer.name);
    }
  }

  /** Marks entries we hold but never started as long idle, so another replica reclaims them on its next pass. */
  private async handBack(): Promise<void> {
    if (!this.cmd) return;
    const pending = (await this.cmd.xpending(this.keys.requests, this.keys.group, '-', '+', 1000, this.consumerName)) as [string, ...unknown[]][];
    const ids = pending.map(([entryId]) => entryId).filter((entryId) => !this.inFlight.has(entryId));
    if (ids.length === 0) return;
    await this.cmd.call('XCLAIM', this.keys.requests, this.keys.group, this.consumerName, 0, ...ids, 'IDLE', HAND_BACK_IDLE_MS, 'JUSTID');
  }
}
