import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { GatewayConfig } from '@sesame/config';
import { RedisStreamsClient, rpcCall, RpcPattern, RpcRequest, RpcResponse, toSesameError } from '@sesame/messaging';
import { CONFIG, LOGGER, METRICS } from '@sesame/observability';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';

/** The gateway's one way to reach token-service. Transport failures become SesameErrors (503 on timeout). */
@Injectable()
export class RpcClient implements OnModuleInit, OnApplicationShutdown {
  private readonly client: RedisStreamsClient;

  constructor(@Inject(CONFIG) config: GatewayConfig, @Inject(LOGGER) logger: Logger, @Inject(METRICS) metrics: Registry) {
    this.client = new RedisStreamsClient({
      redisUrl: config.REDIS_URL,
      prefix: config.REDIS_PREFIX,
      timeoutMs: config.RPC_TIMEOUT_MS,
      logger,
      metrics,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.client.connect().catch(() => undefined); // reconnects by itself; /health/ready reports it
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  /** Typed by the RPC map: the payload must be the pattern's request, the result is its response. */
  async call<P extends RpcPattern>(pattern: P, data: RpcRequest<P>): Promise<RpcResponse<P>> {
    try {
      return await rpcCall<RpcResponse<P>>(this.client, pattern, data);
    } catch (err) {
      throw toSesameError(err);
    }
  }

  /** token-service replicas consuming RPC requests now (their heartbeat is current). */
  liveConsumers(): Promise<number> {
    return this.client.liveConsumers();
  }
}
