import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { QueryRunner } from 'typeorm';
import type { SchedulerConfig } from '@sesame/config';
import { DEFAULT_USED_LINKS_DAYS, effectiveRetentionDays } from '@sesame/domain';
import { CONFIG } from '@sesame/observability';
import { SchedulerMetrics } from '../scheduler.metrics';
import { batchDeleteSql, days, PurgeDefinition, PurgeJob } from './purge-definition';
import { REPLICA_ID } from './replica-id';
import { purgeLockKey, RetentionRepository } from './retention.repository';

/** The purge definitions a RetentionService runs (PURGE_DEFINITIONS in production). */
export const PURGE_DEFINITION_LIST = Symbol('PURGE_DEFINITION_LIST');

export type PurgeOutcome = 'completed' | 'failed' | 'skipped';

/** What one purge definition's run did. */
export interface PurgeRunResult {
  purge: string;
  outcome: PurgeOutcome;
  examined: number;
  deleted: number;
  batches: number;
  durationMs: number;
}

interface Tally {
  examined: number;
  deleted: number;
  batches: number;
}

/**
 * Runs purge definitions. Each one runs under its own advisory lock (a replica that finds it held
 * skips, the holder is already on it), deletes batch after batch with a pause between, until a
 * batch comes back short; on shutdown (`signal`) it stops after the current batch. Every run that
 * held the lock is recorded in retention_runs, failed ones too.
 */
@Injectable()
export class RetentionService {
  private readonly sql = new Map<string, string>();

  constructor(
    private readonly repository: RetentionRepository,
    private readonly metrics: SchedulerMetrics,
    @Inject(CONFIG) private readonly config: SchedulerConfig,
    @Inject(REPLICA_ID) private readonly replica: string,
    @Inject(PURGE_DEFINITION_LIST) private readonly definitions: readonly PurgeDefinition[],
  ) {
    for (const def of definitions) this.sql.set(def.name, batchDeleteSql(def));
  }

  definitionsOf(job: PurgeJob): PurgeDefinition[] {
    return this.definitions.filter((d) => d.job === job);
  }

  /** Runs every definition of `job` in turn; throws (after running all) if any failed. */
  async runJob(job: PurgeJob, signal?: AbortSignal): Promise<{ results: PurgeRunResult[] } & Tally> {
    const results: PurgeRunResult[] = [];
    let firstError: unknown;
    for (const def of this.definitionsOf(job)) {
      if (signal?.aborted) break;
      try {
        results.push(await this.run(def, signal));
      } catch (err) {
        firstError ??= err;
      }
    }
    if (firstError) throw firstError;
    const sum = (k: keyof Tally) => results.reduce((n, r) => n + r[k], 0);
    return { results, examined: sum('examined'), deleted: sum('deleted'), batches: sum('batches') };
  }

  async run(def: PurgeDefinition, signal?: AbortSignal): Promise<PurgeRunResult> {
    let started = performance.now();
    let startedAt = new Date();
    const tally: Tally = { examined: 0, deleted: 0, batches: 0 };
    const durationMs = () => Math.round(performance.now() - started);
    const held = await this.repository.withLock(purgeLockKey(def.name), async (runner) => {
      // A run starts when it holds the lock: recorded runs of one purge never overlap.
      started = performance.now();
      startedAt = new Date();
      try {
        await this.drainAll(runner, def, tally, signal);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        this.metrics.purgeRuns.inc({ purge: def.name, outcome: 'failed' });
        await this.repository
          .recordRun(runner, { purge: def.name, replica: this.replica, outcome: 'failed', ...tally, durationMs: durationMs(), error, startedAt })
          .catch(() => undefined);
        throw err;
      }
      await this.repository.recordRun(runner, {
        purge: def.name, replica: this.replica, outcome: 'completed', ...tally, durationMs: durationMs(), error: null, startedAt,
      });
    });
    const outcome: PurgeOutcome = held ? 'completed' : 'skipped';
    this.metrics.purgeRuns.inc({ purge: def.name, outcome });
    if (held) {
      this.metrics.purgeSeconds.observe({ purge: def.name }, durationMs() / 1000);
      this.metrics.purgeLastSuccess.set({ purge: def.name }, Date.now() / 1000);
    }
    return { purge: def.name, outcome, ...tally, durationMs: durationMs() };
  }

  private async drainAll(runner: QueryRunner, def: PurgeDefinition, tally: Tally, signal?: AbortSignal): Promise<void> {
    const extra = await this.repository.extraRunners(this.config.PURGE_CONCURRENCY - 1);
    const lanes = [runner, ...extra];
    try {
      if ('seconds' in def.retention) {
        await this.drain(lanes, def, def.retention.seconds(this.config), tally, signal);
        return;
      }
      const floor = this.config.RETENTION_MIN_DAYS;
      const ceiling = this.config.RETENTION_MAX_DAYS;
      for (const t of await this.repository.tenantRetentions(runner, DEFAULT_USED_LINKS_DAYS)) {
        if (signal?.aborted) return;
        await this.drain(lanes, def, days(effectiveRetentionDays(t.days, floor, ceiling)), tally, signal, t.tenantId);
      }
    } finally {
      await Promise.all(extra.map((r) => r.release()));
    }
  }

  /** Every lane deletes batches until one of its batches comes back short. */
  private async drain(
    lanes: QueryRunner[],
    def: PurgeDefinition,
    retentionSeconds: number,
    tally: Tally,
    signal?: AbortSignal,
    tenantId?: string,
  ): Promise<void> {
    const outcomes = await Promise.allSettled(lanes.map((lane) => this.drainLane(lane, def, retentionSeconds, tally, signal, tenantId)));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async drainLane(
    runner: QueryRunner,
    def: PurgeDefinition,
    retentionSeconds: number,
    tally: Tally,
    signal?: AbortSignal,
    tenantId?: string,
  ): Promise<void> {
    const limit = this.config.PURGE_BATCH_SIZE;
    const sql = this.sql.get(def.name)!;
    for (;;) {
      const batch = await this.repository.deleteBatch(runner, sql, limit, retentionSeconds, tenantId);
      tally.batches += 1;
      tally.examined += batch.examined;
      tally.deleted += batch.deleted;
      // Counted per batch: committed deletes stay counted even if a later batch fails.
      if (batch.examined > 0) this.metrics.purgeExamined.inc({ purge: def.name }, batch.examined);
      if (batch.deleted > 0) this.metrics.purgeDeleted.inc({ purge: def.name }, batch.deleted);
      for (const [value, n] of Object.entries(batch.counted ?? {})) def.countDeleted?.counter(this.metrics).inc({ [def.countDeleted.by]: value }, n);
      if (batch.examined < limit || signal?.aborted) return;
      if (this.config.PURGE_PAUSE_MS > 0) await sleep(this.config.PURGE_PAUSE_MS);
    }
  }
}
