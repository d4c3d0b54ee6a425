import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ClientProxy, PacketId, ReadPacket, WritePacket } from '@nestjs/microservices';
import type { RedisOptions } from 'ioredis';
import type { Registry } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import { isErrorCode } from '@sesame/domain';
import { currentCorrelationId, currentDeadline } from '@sesame/observability';
import { countLiveConsumers } from '../consumer-heartbeat';
import { createRedis, isRedisCluster, RedisConnection, RedisReadyGate } from '../redis';
import { RpcRemoteError, RpcTimeoutError, RpcUnavailableError } from './rpc-errors';
import { RpcClientMetrics, RpcClientOutcome } from './rpc-metrics';
import { StreamsKeys, streamsKeys } from './streams-keys';
import { traceRpcCall } from './streams-tracing';
import { RedisStreamsEvents, RpcLogger, closeQuietly, errorMessage, nestRpcLogger, sleep } from './streams-util';
import type { RpcReply } from './streams-wire';

export interface RedisStreamsClientOptions {
  redisUrl: string;
  prefix: string;
  /** Names this client's reply list (default: a random UUID). */
  clientId?: string;
  /** Per request; also sent as the deadline after which servers skip the request (default 5000). */
  timeoutMs?: number;
  /** Approximate cap of the request stream (default 100000). */
  maxStreamLength?: number;
  logger?: RpcLogger;
  /** Where `sesame_rpc_client_duration_seconds` goes (none: not recorded). */
  metrics?: Registry;
}

/** Most replies taken per read. */
const REPLY_BATCH = 256;

interface Pending {
  callback: (packet: WritePacket) => void;
  timer: NodeJS.Timeout;
}

/** Client of RedisStreamsServer: XADD the request, BLMPOP the replies from a per-client list. */
export class RedisStreamsClient extends ClientProxy<RedisStreamsEvents> {
  readonly clientId: string;
  private readonly keys: StreamsKeys;
  private readonly replyKey: string;
  private readonly timeoutMs: number;
  private readonly maxStreamLength: number;
  private readonly log: RpcLogger;
  private readonly metrics?: RpcClientMetrics;
  private pub?: RedisConnection;
  private sub?: RedisConnection;
  private gate?: RedisReadyGate;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners: [string, RedisStreamsEvents[keyof RedisStreamsEvents]][] = [];

  constructor(private readonly options: RedisStreamsClientOptions) {
    super();
    this.keys = streamsKeys(options.prefix, isRedisCluster(options.redisUrl));
    this.clientId = options.clientId ?? randomUUID();
    this.replyKey = this.keys.replies(this.clientId);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxStreamLength = options.maxStreamLength ?? 100_000;
    this.log = options.logger ?? nestRpcLogger(RedisStreamsClient.name);
    this.metrics = options.metrics && new RpcClientMetrics(options.metrics);
  }

  /** Called by `send()` before every request: cheap once connected, fails fast while Redis is down. */
  async connect(): Promise<void> {
    if (!this.pub) this.open();
    try {
      await this.gate!.pass();
    } catch (err) {
      throw new RpcUnavailableError(`redis not reachable: ${errorMessage(err)}`);
    }
  }

  async close(): Promise<void> {
    const { pub, sub } = this;
    this.pub = this.sub = undefined;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { callback, timer } of pending) {
      clearTimeout(timer);
      callback({ err: new RpcUnavailableError('client closed') });
    }
    sub?.disconnect();
    await closeQuietly(pub);
  }

  override on<K extends keyof RedisStreamsEvents = keyof RedisStreamsEvents, C extends RedisStreamsEvents[K] = RedisStreamsEvents[K]>(event: K, callback: C): void {
    this.listeners.push([event, callback]);
    this.pub?.on(event, callback);
    this.sub?.on(event, callback);
  }

  /** The XADD connection. */
  unwrap<T>(): T {
    if (!this.pub) throw new Error('Not initialized. Please call the "connect" method first.');
    return this.pub as T;
  }

  /** Servers whose heartbeat is current: with none, a request waits out its whole timeout (or until one starts). */
  async liveConsumers(): Promise<number> {
    await this.connect();
    return countLiveConsumers(this.pub!, this.keys.consumers);
  }

  protected publish(packet: ReadPacket, untracedCallback: (packet: WritePacket) => void): () => void {
    const pub = this.pub;
    if (!pub) {
      untracedCallback({ err: new RpcUnavailableError('client not connected') });
      return () => undefined;
    }
    const id = this.requestIdOf(packet);
    const pattern = this.normalizePattern(packet.pattern);
    const { fields: traceFields, callback } = traceRpcCall(pattern, this.measured(pattern, untracedCallback));
    // The caller's own deadline (a gateway request's budget, counted from its arrival) can be
    // nearer than ours; once it has passed, sending would only make a token-service do work that
    // nobody waits for.
    const now = Date.now();
    const deadline = Math.min(now + this.timeoutMs, currentDeadline() ?? Number.POSITIVE_INFINITY);
    if (deadline <= now) {
      callback({ err: new RpcTimeoutError('the request ran out of time before it was sent') });
      return () => undefined;
    }
    const fields = [
      'id', id,
      'pattern', pattern,
      'data', JSON.stringify(packet.data ?? null),
      'replyTo', this.replyKey,
      'deadline', String(deadline),
      'cid', currentCorrelationId() ?? '',
      ...traceFields,
    ];
    const fail = (err: Error) => {
      if (this.settle(id)) callback({ err });
    };
    const timer = setTimeout(() => fail(new RpcTimeoutError(`no reply within ${deadline - now} ms`)), deadline - now);
    this.pending.set(id, { callback, timer });
    pub
      .xadd(this.keys.requests, 'MAXLEN', '~', this.maxStreamLength, '*', ...fields)
      .catch((err: unknown) => fail(new RpcUnavailableError(`request not sent: ${errorMessage(err)}`)));
    return () => void this.settle(id);
  }

  /** Times the call from XADD to its reply, timeout or failure to send. */
  private measured(pattern: string, callback: (packet: WritePacket) => void): (packet: WritePacket) => void {
    const metrics = this.metrics;
    if (!metrics) return callback;
    const started = performance.now();
    return (packet) => {
      const outcome: RpcClientOutcome = !packet.err ? 'ok' : packet.err instanceof RpcTimeoutError ? 'timeout' : 'error';
      metrics.record(pattern, outcome, (performance.now() - started) / 1000);
      callback(packet);
    };
  }

  protected dispatchEvent<T = unknown>(_packet: ReadPacket): Promise<T> {
    return Promise.reject(new Error('events are not supported by RedisStreamsClient'));
  }

  private open(): void {
    // Requests sent in the same tick share one write.
    this.pub = this.connection(`rpc-client:${this.clientId}`, true, { enableAutoPipelining: true });
    this.gate = new RedisReadyGate(this.pub);
    this.sub = this.connection(`rpc-client:${this.clientId}:replies`, false);
    void this.readReplies(this.sub);
  }

  private connection(name: string, failFast: boolean, extra: RedisOptions = {}): RedisConnection {
    const onError = (err: Error) => this.log.warn({ err, connection: name }, 'rpc client: redis error');
    const redis = createRedis(this.options.redisUrl, { name, failFast, ...extra, onError });
    for (const [event, callback] of this.listeners) redis.on(event, callback);
    return redis;
  }

  /** Writes pass their `requestId` so the server's done-marker can recognise a redelivery. */
  private requestIdOf(packet: ReadPacket & Partial<PacketId>): string {
    const requestId = (packet.data as { requestId?: unknown } | null | undefined)?.requestId;
    const id = packet.id ?? (typeof requestId === 'string' && requestId ? requestId : randomUUID());
    // Two concurrent calls with one requestId would share a reply slot; the second gets its own.
    return this.pending.has(id) ? randomUUID() : id;
  }

  private async readReplies(sub: RedisConnection): Promise<void> {
    while (this.sub === sub) {
      try {
        // Every reply that arrived meanwhile, in one round trip (BLMPOP: Redis 7).
        const popped = (await sub.call('BLMPOP', 1, 1, this.replyKey, 'LEFT', 'COUNT', REPLY_BATCH)) as [string, string[]] | null;
        if (popped) popped[1].forEach((json) => this.onReply(json));
      } catch (err) {
        if (this.sub !== sub) return;
        this.log.warn({ err }, 'rpc client: reading replies failed, retrying');
        await sleep(500);
      }
    }
  }

  private onReply(json: string): void {
    let reply: RpcReply;
    try {
      reply = JSON.parse(json) as RpcReply;
    } catch (err) {
      this.log.warn({ err }, 'rpc client: malformed reply');
      return;
    }
    const callback = this.pending.get(reply.id)?.callback;
    if (!callback || !this.settle(reply.id)) return; // late: the caller already timed out
    if (reply.err) {
      const code = isErrorCode(reply.err.code) ? reply.err.code : 'internal_error';
      callback({ err: new RpcRemoteError(code, reply.err.message, reply.err.details), isDisposed: true });
    } else {
      callback({ response: reply.response, isDisposed: true });
    }
  }

  /** Forgets a pending request; false when it was already settled. */
  private settle(id: string): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    return true;
  }
}

/** Sends one request and resolves with its response (rejects with RpcRemoteError / RpcUnavailableError). */
export function rpcCall<T>(client: ClientProxy, pattern: string, data: unknown): Promise<T> {
  // ClientProxy.send refuses null/undefined data.
  return firstValueFrom(client.send<T>(pattern, data ?? {}));
}
