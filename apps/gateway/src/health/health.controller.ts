import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { cachedCheck, METRICS, Readiness } from '@sesame/observability';
import { RpcClient } from '../http/rpc.client';
import { ShutdownDrain } from '../http/shutdown-drain';

/** How long one look at the token-service heartbeats answers every readiness probe. */
const CONSUMER_CHECK_CACHE_MS = 1000;

@ApiExcludeController()
@Controller()
export class HealthController {
  private readonly readiness: Readiness;

  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(METRICS) registry: Registry,
    @Inject(ShutdownDrain) private readonly drain: ShutdownDrain,
  ) {
    this.readiness = new Readiness([
      cachedCheck({ name: 'token-service', check: () => this.tokenServiceConsumes() }, CONSUMER_CHECK_CACHE_MS),
      { name: 'shutdown', check: async () => { if (this.drain.isDraining) throw new Error('shutting down'); } },
    ], registry);
  }

  /** Stays 200 while token-service is down: restarting the gateway would not bring it back. */
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Ready while at least one token-service replica consumes RPC requests (its heartbeat is
   * current, which also proves Redis answers) and the gateway is not shutting down. Every API
   * call goes through token-service, so without one a load balancer should send traffic elsewhere.
   */
  @Get('health/ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.readiness.report();
    void reply.status(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store').send(report);
  }

  private async tokenServiceConsumes(): Promise<void> {
    if ((await this.rpc.liveConsumers()) === 0) throw new Error('no token-service is consuming RPC requests (no current heartbeat)');
  }
}
