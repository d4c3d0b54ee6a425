import { BeforeApplicationShutdown, InjectionToken, Provider } from '@nestjs/common';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONFIG, LOGGER } from '@sesame/observability';
import { createRedis, CreateRedisOptions, RedisConnection } from './redis';

const QUIT_TIMEOUT_MS = 2000;

/** Something that holds the connection and must be closed before it quits (a BullMQ Queue). */
export interface RedisUser {
  close(): Promise<void>;
}

export interface ProcessRedisOptions {
  /** The token the process's services inject the connection by. */
  token: symbol;
  /** Connection name shown in CLIENT LIST (the process name). */
  name: string;
  /** Tokens of providers (queues) to close before Redis quits, in this order. */
  closeFirst?: InjectionToken[];
}

/**
 * A worker process's one Redis connection (for BullMQ and the health check) and its closer. The
 * closer runs in beforeApplicationShutdown, after workers and queues closed in onModuleDestroy.
 */
export function processRedisProviders(opts: ProcessRedisOptions): Provider[] {
  const closeFirst = opts.closeFirst ?? [];
  return [
    {
      provide: opts.token,
      inject: [CONFIG, { token: LOGGER, optional: true }],
      useFactory: (config: { REDIS_URL: string }, logger?: CreateRedisOptions['logger']) => createRedis(config.REDIS_URL, { name: opts.name, logger }),
    },
    {
      provide: Symbol(`${opts.name}:redis-closer`),
      inject: [opts.token, ...closeFirst],
      useFactory: (redis: RedisConnection, ...users: RedisUser[]) => new RedisCloser(redis, users),
    },
  ];
}

export class RedisCloser implements BeforeApplicationShutdown {
  constructor(
    private readonly redis: RedisConnection,
    private readonly closeFirst: RedisUser[] = [],
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    for (const user of this.closeFirst) await user.close();
    if (this.isEnded()) return;
    const ended = once(this.redis, 'end');
    // QUIT waits for a reachable Redis; if it is down, drop the connection rather than hang shutdown.
    const quit = this.redis.quit().catch(() => this.redis.disconnect());
    await Promise.race([Promise.all([quit, ended]), sleep(QUIT_TIMEOUT_MS, undefined, { ref: false })]);
    if (!this.isEnded()) this.redis.disconnect();
  }

  private isEnded(): boolean {
    return this.redis.status === 'end';
  }
}
