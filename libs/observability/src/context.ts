import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  correlationId: string;
  /** Epoch ms after which nobody is waiting for the answer: work not started by then is not started. */
  deadline?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `fn` with a correlation id that every log line, RPC message and job created inside carries,
 * and the deadline of whoever waits for it (RPC calls made inside expire with it).
 */
export function runWithContext<T>(correlationId: string | undefined, fn: () => T, deadline?: number): T {
  return storage.run({ correlationId: correlationId || randomUUID(), deadline }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function currentDeadline(): number | undefined {
  return storage.getStore()?.deadline;
}
