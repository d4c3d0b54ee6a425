import { Logger } from '@nestjs/common';
import type { RedisConnection } from '../redis';

/** pino-compatible subset the transport logs through. */
export interface RpcLogger {
  /** Optional: one line per request, for a pino logger set to debug. */
  debug?(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: RpcLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Fallback when no pino logger is given: Nest's logger, with the fields as JSON. */
export function nestRpcLogger(context: string): RpcLogger {
  const logger = new Logger(context);
  const line = (obj: object, msg?: string) =>
    `${msg ?? ''} ${JSON.stringify(obj, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v))}`;
  return {
    info: (obj, msg) => logger.log(line(obj, msg)),
    warn: (obj, msg) => logger.warn(line(obj, msg)),
    error: (obj, msg) => logger.error(line(obj, msg)),
  };
}

/** ioredis events the transport forwards to `on()` listeners. */
export type RedisStreamsEvents = {
  error: (err: Error) => void;
  ready: () => void;
  reconnecting: (delayMs: number) => void;
  end: () => void;
};

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `promise` but gives up after `ms` (the timer does not keep the process alive). */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([promise.then(() => undefined, () => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT, falling back to a hard disconnect when Redis does not answer (it may be down). */
export async function closeQuietly(redis: RedisConnection | undefined): Promise<void> {
  // disconnect() of an already closed connection arms a 2 s timer that keeps the process alive.
  if (!redis || redis.status === 'end') return;
  await settleWithin(redis.quit(), 1000);
  redis.disconnect();
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
