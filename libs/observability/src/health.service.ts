import { Inject, Injectable, InjectionToken, OnModuleDestroy, Provider } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Registry } from 'prom-client';
import { ReadinessCheck, startHealthServer } from './health';
import { CONFIG, METRICS } from './tokens';

/** The readiness checks a worker process's /health/ready runs. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** The part of a process config the health listener reads (every process config has it). */
export interface HealthListenerConfig {
  HEALTH_HOST: string;
  HEALTH_PORT: number;
}

/** /health/live, /health/ready and /metrics of a worker process; closed on shutdown. */
@Injectable()
export class HealthService implements OnModuleDestroy {
  private server?: Server;

  constructor(
    @Inject(CONFIG) private readonly config: HealthListenerConfig,
    @Inject(METRICS) private readonly registry: Registry,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** Starts listening; returns the bound port (HEALTH_PORT=0 picks a free one). */
  async listen(): Promise<number> {
    this.server = await startHealthServer({
      host: this.config.HEALTH_HOST,
      port: this.config.HEALTH_PORT,
      registry: this.registry,
      checks: this.checks,
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

interface Queryable {
  query(sql: string): Promise<unknown>;
}

interface Pingable {
  ping(): Promise<unknown>;
}

/**
 * HealthService for a worker process that is ready while Postgres and Redis answer.
 * `postgres`: the token of its TypeORM DataSource; `redis`: the token of its ioredis connection.
 */
export function workerHealthProviders(deps: { postgres: InjectionToken; redis: InjectionToken }): Provider[] {
  return [
    {
      provide: READINESS_CHECKS,
      inject: [deps.postgres, deps.redis],
      useFactory: (db: Queryable, redis: Pingable): ReadinessCheck[] => [
        { name: 'postgres', check: async () => void (await db.query('SELECT 1')) },
        { name: 'redis', check: async () => void (await redis.ping()) },
      ],
    },
    HealthService,
  ];
}
