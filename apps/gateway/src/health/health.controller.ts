import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { METRICS, runReadinessChecks } from '@sesame/observability';
import { RpcClient } from '../http/rpc.client';
import { ShutdownDrain } from '../http/shutdown-drain';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(METRICS) private readonly registry: Registry,
    @Inject(ShutdownDrain) private readonly drain: ShutdownDrain,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready while Redis (the RPC path to token-service) answers and the gateway is not shutting down. */
  @Get('health/ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const report = await runReadinessChecks([
      { name: 'redis', check: () => this.rpc.ping().then(() => undefined) },
      { name: 'shutdown', check: async () => { if (this.drain.isDraining) throw new Error('shutting down'); } },
    ]);
    void reply.status(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store').send(report);
  }

  @Get('metrics')
  async metrics(@Res() reply: FastifyReply): Promise<void> {
    void reply.status(200).header('content-type', this.registry.contentType).send(await this.registry.metrics());
  }
}
