import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import { Gauge, Registry } from 'prom-client';
import type { SchedulerConfig } from '@sesame/config';
import { closeProducerQueues, openProducerQueue, ProducerQueue, QUEUES, RedisConnection } from '@sesame/messaging';
import { CONFIG, LOGGER, METRICS } from '@sesame/observability';
import { SCHEDULER_REDIS } from '../redis.provider';
import { BacklogRepository, OutboxBacklog } from './backlog.repository';

/** A scrape that finds Redis or Postgres this slow gets no backlog series rather than hanging. */
const SAMPLE_TIMEOUT_MS = 2000;
/** The gauges of one scrape share one sample (six gauges, one look at Redis and Postgres). */
const SAMPLE_REUSE_MS = 1000;

interface QueueSample {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  oldestWaitingAgeSeconds: number;
}

interface Sample {
  queues: Record<string, QueueSample>;
  outbox: OutboxBacklog;
}

type QueueField = keyof QueueSample;

/** Each queue gauge and the field of the sample it shows. */
const QUEUE_GAUGES: ReadonlyArray<[name: string, help: string, field: QueueField]> = [
  ['sesame_queue_waiting_jobs', 'Jobs ready to run that no worker has taken yet', 'waiting'],
  ['sesame_queue_active_jobs', 'Jobs a worker is running now', 'active'],
  ['sesame_queue_delayed_jobs', 'Jobs waiting for their time (retries with backoff, deferrals)', 'delayed'],
  ['sesame_queue_failed_jobs', 'Jobs that used up their attempts (kept until removed by age or count)', 'failed'],
  ['sesame_queue_oldest_waiting_job_age_seconds', 'How long the oldest waiting job has been ready to run; 0 when none waits', 'oldestWaitingAgeSeconds'],
];

/**
 * Queue depth and outbox backlog, read when Prometheus scrapes the scheduler (no timer, so nothing
 * runs when nobody looks). They are facts about the shared Redis and Postgres, not about this
 * process: every scheduler replica reports the same values, so queries take `max by (queue)`,
 * never `sum`. Reads are cheap per queue (list and sorted-set lengths, the job at the wait list's
 * tail, the head of each priority band) and two index reads of the outbox, bounded by OUTBOX_BACKLOG_CAP.
 */
@Injectable()
export class BacklogMetrics implements OnModuleDestroy {
  private readonly queues: ProducerQueue[];
  private last?: { at: number; sample: Promise<Sample | null> };

  constructor(
    @Inject(CONFIG) config: SchedulerConfig,
    @Inject(SCHEDULER_REDIS) private readonly redis: RedisConnection,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) registry: Registry,
    private readonly backlog: BacklogRepository,
  ) {
    this.queues = Object.values(QUEUES).map((name) => openProducerQueue(name, { redis, keyspace: config, logger }));
    const sample = () => this.sample();
    for (const [name, help, field] of QUEUE_GAUGES) {
      new Gauge({
        name, help, labelNames: ['queue'], registers: [registry],
        async collect() {
          this.reset();
          const s = await sample();
          for (const [queue, q] of Object.entries(s?.queues ?? {})) this.set({ queue }, q[field]);
        },
      });
    }
    const outboxGauge = (name: string, help: string, value: (o: OutboxBacklog) => number) =>
      new Gauge({
        name, help, registers: [registry],
        async collect() {
          this.reset();
          const s = await sample();
          if (s) this.set(value(s.outbox));
        },
      });
    outboxGauge('sesame_outbox_unpublished_rows', 'Outbox rows not yet published to their queue (counted up to 100 000)', (o) => o.rows);
    outboxGauge('sesame_outbox_oldest_unpublished_age_seconds', 'Relay lag: age of the oldest unpublished outbox row; 0 when none', (o) => o.oldestAgeSeconds);
  }

  async onModuleDestroy(): Promise<void> {
    await closeProducerQueues(this.queues);
  }

  private sample(): Promise<Sample | null> {
    const now = Date.now();
    if (!this.last || now - this.last.at >= SAMPLE_REUSE_MS) this.last = { at: now, sample: this.read() };
    return this.last.sample;
  }

  private async read(): Promise<Sample | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${SAMPLE_TIMEOUT_MS} ms`)), SAMPLE_TIMEOUT_MS);
    });
    try {
      const [queues, outbox] = await Promise.race([Promise.all([this.readQueues(), this.backlog.outbox()]), timeout]);
      return { queues, outbox };
    } catch (err) {
      this.logger.warn({ err }, 'backlog metrics not sampled');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private async readQueues(): Promise<Record<string, QueueSample>> {
    const now = Date.now();
    const entries = await Promise.all(
      this.queues.map(async (queue) => {
        const [counts, [oldest], prioritized] = await Promise.all([
          queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed'),
          queue.getJobs(['wait'], 0, 0, true) as Promise<Job[]>,
          prioritizedBandHeads(this.redis, queue),
        ]);
        const since = [oldest, ...prioritized].filter((j): j is Job => Boolean(j)).map(readySince);
        const sample: QueueSample = {
          waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          oldestWaitingAgeSeconds: since.length ? Math.max(0, now - Math.min(...since)) / 1000 : 0,
        };
        return [queue.name, sample] as const;
      }),
    );
    return Object.fromEntries(entries);
  }
}

/** BullMQ scores a prioritized job `priority * 2^32 + counter`: one band per priority, FIFO within it. */
const PRIORITY_BAND = 2 ** 32;
/** Bands looked at per scrape; tenant fairness uses a handful (a tenant's volume over its fair share). */
const MAX_PRIORITY_BANDS = 16;

/**
 * The first job of each priority band of the queue's prioritized set (jobs of tenants over their
 * fair share wait there, behind every unprioritized job): within a band the first is the oldest,
 * so the oldest prioritized job is among these. One ZRANGEBYSCORE per band, at most 16.
 */
async function prioritizedBandHeads(redis: RedisConnection, queue: Queue): Promise<Job[]> {
  const heads: Job[] = [];
  let min = 0;
  for (let i = 0; i < MAX_PRIORITY_BANDS; i++) {
    const [id, score] = await redis.zrangebyscore(queue.keys.prioritized, min, '+inf', 'WITHSCORES', 'LIMIT', 0, 1);
    if (id === undefined) break;
    const job = await queue.getJob(id);
    if (job) heads.push(job);
    min = (Math.floor(Number(score) / PRIORITY_BAND) + 1) * PRIORITY_BAND;
  }
  return heads;
}

/**
 * When a job became ready to run: the end of its delay, counted from its creation or, once a
 * worker has taken it (a retry with backoff, a deferral), from the start of its last run, since
 * BullMQ keeps only the latest delay. That undercounts a retry by its last run's length, never
 * overcounts: an alert on this age does not fire for a job that is merely on its ninth retry.
 */
function readySince(job: Job): number {
  return (job.processedOn || job.timestamp) + (job.delay || 0);
}
