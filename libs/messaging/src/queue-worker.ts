import { Processor, Worker, WorkerOptions } from 'bullmq';
import { ApiPressureWatcher } from './api-pressure';
import { bullSetUpSettled } from './producer-queue';
import type { QueueName } from '@sesame/queue-contracts';
import { queuePrefix, RedisConnection, RedisKeyspace } from './redis';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- BullMQ's own default type arguments
export interface QueueWorkerOptions<D = any, R = any, N extends string = string> {
  queue: QueueName;
  processor: Processor<D, R, N>;
  redis: RedisConnection;
  /** REDIS_URL and REDIS_PREFIX of the deployment: the queue's BullMQ prefix follows from them (queuePrefix). */
  keyspace: RedisKeyspace;
  concurrency: number;
  /** JOB_LOCK_MS: a dead or frozen worker's job runs elsewhere within this plus one stalled check. */
  jobLockMs?: number;
  /**
   * Jobs in flight while the API is under pressure (ApiPressure): the background work yields the
   * CPU it shares with the gateway and token-service, and returns to `concurrency` when it ends.
   * Omitted: the worker never yields (the scheduler's sweeps are already bounded).
   */
  concurrencyUnderPressure?: number;
  settings?: WorkerOptions['settings'];
  onError: (err: Error) => void;
  onPressure?: (pressured: boolean, concurrency: number) => void;
}

/**
 * How often a replica looks for stalled jobs. A dead worker's job is re-run at the first check
 * after its lock expired: checking every half lock (at most 5 s) keeps that within JOB_LOCK_MS +
 * 5 s, which the mail-worker's claim takeover relies on. One cheap script per interval per replica.
 */
export function stalledCheckInterval(jobLockMs: number): number {
  return Math.min(Math.ceil(jobLockMs / 2), 5000);
}

export interface QueueWorker {
  readonly worker: Pick<Worker, 'concurrency' | 'close'>;
  close(): Promise<void>;
}

/** Every BullMQ worker of Sesame starts here: one prefix rule, one stalled-check rule, one error path. */
export function startQueueWorker<D, R, N extends string>(o: QueueWorkerOptions<D, R, N>): QueueWorker {
  const worker = new Worker<D, R, N>(o.queue, o.processor, {
    connection: o.redis,
    prefix: queuePrefix(o.keyspace, o.queue),
    concurrency: o.concurrency,
    ...(o.jobLockMs ? { lockDuration: o.jobLockMs, stalledInterval: stalledCheckInterval(o.jobLockMs) } : {}),
    ...(o.settings ? { settings: o.settings } : {}),
  });
  worker.on('error', o.onError);
  let watcher: ApiPressureWatcher | undefined;
  const yielded = o.concurrencyUnderPressure;
  if (yielded !== undefined && yielded < o.concurrency) {
    watcher = new ApiPressureWatcher(o.redis, o.keyspace.REDIS_PREFIX, (pressured) => {
      // BullMQ applies a new concurrency to the next fetch: jobs already running finish.
      worker.concurrency = pressured ? Math.max(1, yielded) : o.concurrency;
      o.onPressure?.(pressured, worker.concurrency);
    });
    watcher.start();
  }
  return {
    worker,
    async close() {
      watcher?.stop();
      await bullSetUpSettled(worker);
      await worker.close();
    },
  };
}
