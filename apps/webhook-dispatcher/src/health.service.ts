import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type Redis from 'ioredis';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { WebhookDispatcherConfig } from '@sesame/config';
import { CONFIG, METRICS, startHealthServer } from '@sesame/observability';
import { DISPATCHER_REDIS } from './redis.provider';

/** /health/live, /health/ready (Postgres and Redis reachable) and /metrics; closed on shutdown. */
@Injectable()
export class HealthService implements OnModuleDestroy {
  private server?: Server;

  constructor(
    @Inject(CONFIG) private readonly config: WebhookDispatcherConfig,
    @Inject(METRICS) private readonly registry: Registry,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DISPATCHER_REDIS) private readonly redis: Redis,
  ) {}

  /** Starts listening; returns the bound port (HEALTH_PORT=0 picks a free one). */
  async listen(): Promise<number> {
    this.server = await startHealthServer({
      host: this.config.HEALTH_HOST,
      port: this.config.HEALTH_PORT,
      registry: this.registry,
      checks: [
        { name: 'postgres', check: async () => void (await this.dataSource.query('SELECT 1')) },
        { name: 'redis', check: async () => void (await this.redis.ping()) },
      ],
    });
    return (this.server.address() as AddressInfo).port;
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
