import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { METRICS } from '@sesame/observability';

/**
 * /metrics on the public port: only when METRICS_PORT is unset (the module leaves this controller
 * out otherwise, and main.ts serves the registry on that port instead).
 */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly registry: Registry) {}

  @Get('metrics')
  async metrics(@Res() reply: FastifyReply): Promise<void> {
    void reply.status(200).header('content-type', this.registry.contentType).send(await this.registry.metrics());
  }
}
