import { Job, UnrecoverableError } from 'bullmq';
import type Redis from 'ioredis';
import pino from 'pino';
import { Registry } from 'prom-client';
import { SchedulerConfig } from '@sesame/config';
import { OutboxReconcileService } from './outbox/outbox-reconcile.service';
import { RetentionService } from './retention/retention.service';
import { SchedulerMetrics } from './scheduler.metrics';
import { SchedulerProcessor, SchedulerRunResult } from './scheduler.processor';

describe('SchedulerProcessor', () => {
  const tally = { examined: 3, deleted: 3, batches: 1 };
  let retention: { runJob: jest.Mock };
  let outbox: { reconcile: jest.Mock };
  let metrics: SchedulerMetrics;
  let processor: SchedulerProcessor;

  beforeEach(() => {
    retention = { runJob: jest.fn() };
    outbox = { reconcile: jest.fn() };
    metrics = new SchedulerMetrics(new Registry());
    processor = new SchedulerProcessor(
      new SchedulerConfig(),
      pino({ level: 'silent' }),
      {} as Redis,
      metrics,
      retention as unknown as RetentionService,
      outbox as unknown as OutboxReconcileService,
    );
  });

  const job = (name: string) => ({ id: '1', name, data: {} }) as Job<unknown, SchedulerRunResult, string>;
  const count = async (name: 'runs' | 'failedRuns' | 'deletedRows', jobName: string) =>
    (await metrics[name].get()).values.find((v) => v.labels.job === jobName)?.value ?? 0;

  it('dispatches each purge job to its definitions and counts the run', async () => {
    retention.runJob.mockResolvedValue({ results: [], ...tally });

    await expect(processor.process(job('purge-expired-links'))).resolves.toMatchObject({ job: 'purge-expired-links', ...tally });

    expect(retention.runJob).toHaveBeenCalledWith('purge-expired-links', expect.any(AbortSignal));
    expect(outbox.reconcile).not.toHaveBeenCalled();
    expect(await count('runs', 'purge-expired-links')).toBe(1);
    expect(await count('deletedRows', 'purge-expired-links')).toBe(3);
  });

  it('routes retained data and outbox reconciliation to their services', async () => {
    retention.runJob.mockResolvedValue({ results: [], ...tally });
    outbox.reconcile.mockResolvedValue({ examined: 2, deleted: 0, batches: 1 });

    await processor.process(job('purge-retained-data'));
    await expect(processor.process(job('reconcile-outbox'))).resolves.toMatchObject({ job: 'reconcile-outbox', examined: 2 });

    expect(retention.runJob).toHaveBeenCalledWith('purge-retained-data', expect.any(AbortSignal));
    expect(outbox.reconcile).toHaveBeenCalledTimes(1);
  });

  it('logs an idle run at debug and a run that touched rows at info', async () => {
    const lines: Array<{ level: number; examined: number }> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    processor = new SchedulerProcessor(
      new SchedulerConfig(),
      logger,
      {} as Redis,
      metrics,
      retention as unknown as RetentionService,
      outbox as unknown as OutboxReconcileService,
    );
    outbox.reconcile.mockResolvedValueOnce({ examined: 0, deleted: 0, batches: 0 }).mockResolvedValueOnce({ examined: 2, deleted: 0, batches: 1 });

    await processor.process(job('reconcile-outbox'));
    await processor.process(job('reconcile-outbox'));

    expect(lines.map((l) => [l.level, l.examined])).toEqual([
      [pino.levels.values.debug, 0],
      [pino.levels.values.info, 2],
    ]);
  });

  it('fails a job with no handler permanently (a retired scheduler still in Redis)', async () => {
    await expect(processor.process(job('purge-exchange-codes'))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('rethrows a failing purge so BullMQ records the failure', async () => {
    const boom = new Error('connection lost');
    retention.runJob.mockRejectedValue(boom);

    await expect(processor.process(job('purge-expired-links'))).rejects.toBe(boom);

    expect(await count('failedRuns', 'purge-expired-links')).toBe(1);
  });
});
