import { Queue } from 'bullmq';
import { describeError } from '@sesame/observability';
import type { QueueName } from '@sesame/queue-contracts';
import { OUTBOX_QUEUES } from './outbox-publisher';
import { queuePrefix, RedisConnection, RedisKeyspace } from './redis';
import { settleWithin } from './rpc/streams-util';

/** How long a close waits for BullMQ's own set-up of a queue or worker (instant while Redis answers). */
const SET_UP_SETTLE_MS = 1000;

/**
 * Waits (at most SET_UP_SETTLE_MS) until BullMQ has set a queue or worker up, so its close() finds
 * it set up. BullMQ reads the Redis version when a queue or worker is made, and close() on a shared
 * connection does not wait for that read: it removes the listeners at once. When the process then
 * quits the connection (a process stopped right after it started), the read fails with "Connection
 * is closed" and no listener left: an unhandled error, which ended the process (seen in CI, in a
 * token-service stopped at once).
 */
export async function bullSetUpSettled(bull: { waitUntilReady(): Promise<unknown> }): Promise<void> {
  await settleWithin(bull.waitUntilReady(), SET_UP_SETTLE_MS);
}

/** A BullMQ queue that a process adds jobs to over its shared connection; close() waits for its set-up first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- BullMQ's own default type arguments
export class ProducerQueue<D = any, R = any, N extends string = string> extends Queue<D, R, N> {
  override async close(): Promise<void> {
    await bullSetUpSettled(this);
    await super.close();
  }
}

export interface ProducerQueueOptions {
  /** The process's connection; the queue never closes it (the process quits it after its queues). */
  redis: RedisConnection;
  /** REDIS_URL and REDIS_PREFIX of the deployment: the queue's BullMQ prefix follows from them (queuePrefix). */
  keyspace: RedisKeyspace;
  /**
   * Where the queue's errors go, at debug: BullMQ re-emits the connection's errors on each queue
   * (unheard, an 'error' event ends the process), and the connection logs its own already.
   */
  logger: { debug(obj: object, msg?: string): void };
}

/** Every queue Sesame adds jobs to starts here: one prefix rule, one error path, one close. */
export function openProducerQueue<D, R, N extends string>(name: QueueName, o: ProducerQueueOptions): ProducerQueue<D, R, N> {
  const queue = new ProducerQueue<D, R, N>(name, { connection: o.redis, prefix: queuePrefix(o.keyspace, name) });
  queue.on('error', (err: Error) => o.logger.debug({ err: describeError(err), queue: name }, 'queue connection error'));
  return queue;
}

/** The queues outbox rows are published to, by name (the relay's and the reconciliation's). */
export function openOutboxQueues(o: ProducerQueueOptions): Map<string, ProducerQueue> {
  return new Map(OUTBOX_QUEUES.map((name) => [name, openProducerQueue(name, o)]));
}

/** Closes queues together (each waits for its own set-up first). */
export async function closeProducerQueues(queues: Iterable<ProducerQueue>): Promise<void> {
  await Promise.all([...queues].map((queue) => queue.close()));
}
