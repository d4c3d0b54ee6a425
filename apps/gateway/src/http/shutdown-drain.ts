import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from '@sesame/config';
import { CONFIG } from '@sesame/observability';

/**
 * Graceful HTTP shutdown. On SIGTERM, for SHUTDOWN_DRAIN_MS before the server closes: /health/ready
 * answers 503 (load balancers stop routing here) and every answer carries `Connection: close`, so
 * keep-alive clients stop reusing their sockets. Then the server closes; requests in flight finish.
 * Without the pause a client could send a request on an idle socket just as it is closed.
 */
@Injectable()
export class ShutdownDrain implements BeforeApplicationShutdown {
  private draining = false;

  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  get isDraining(): boolean {
    return this.draining;
  }

  install(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (_req, reply, payload, done) => {
      if (this.draining) void reply.header('connection', 'close');
      done(null, payload);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    await new Promise((resolve) => setTimeout(resolve, this.config.SHUTDOWN_DRAIN_MS));
  }
}
