import { Job, UnrecoverableError } from 'bullmq';
import type Redis from 'ioredis';
import pino from 'pino';
import { Registry } from 'prom-client';
import { SchedulerConfig } from '@sesame/config';
import { PurgeService, SchedulerRunResult } from './purge.service';
import { SchedulerMetrics } from './scheduler.metrics';
import { SchedulerProcessor } from './scheduler.processor';

describe('SchedulerProcessor', () => {
  const result: SchedulerRunResult = { job: 'purge-expired-links', deleted: 3, batches: 1, durationMs: 4 };
  let purge: jest.Mocked<Pick<PurgeService, 'expiredLinks' | 'exchangeCodes' | 'idempotencyKeys'>>;
  let metrics: SchedulerMetrics;
  let processor: SchedulerProcessor;

  beforeEach(() => {
    purge = { expiredLinks: jest.fn(), exchangeCodes: jest.fn(), idempotencyKeys: jest.fn() };
    metrics = new SchedulerMetrics(new Registry());
    processor = new SchedulerProcessor(
      new SchedulerConfig(),
      pino({ level: 'silent' }),
      {} as Redis,
      metrics,
      purge as unknown as PurgeService,
    );
  });

  const job = (name: string) => ({ id: '1', name, data: {} }) as Job<unknown, SchedulerRunResult, string>;
  const count = async (name: 'runs' | 'failedRuns', jobName: string) =>
    (await metrics[name].get()).values.find((v) => v.labels.job === jobName)?.value ?? 0;

  it('dispatches each job name to its purge and counts the run', async () => {
    purge.expiredLinks.mockResolvedValue(result);

    await expect(processor.process(job('purge-expired-links'))).resolves.toBe(result);

    expect(purge.expiredLinks).toHaveBeenCalledWith(expect.any(AbortSignal));
    expect(purge.exchangeCodes).not.toHaveBeenCalled();
    expect(await count('runs', 'purge-expired-links')).toBe(1);
  });

  it('routes the other sweeps to their own purges', async () => {
    purge.exchangeCodes.mockResolvedValue({ ...result, job: 'purge-exchange-codes' });
    purge.idempotencyKeys.mockResolvedValue({ ...result, job: 'purge-idempotency-keys' });

    await processor.process(job('purge-exchange-codes'));
    await processor.process(job('purge-idempotency-keys'));

    expect(purge.exchangeCodes).toHaveBeenCalledTimes(1);
    expect(purge.idempotencyKeys).toHaveBeenCalledTimes(1);
    expect(purge.expiredLinks).not.toHaveBeenCalled();
  });

  it('fails a job with no handler permanently', async () => {
    await expect(processor.process(job('purge-everything'))).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('rethrows a failing purge so BullMQ records the failure', async () => {
    const boom = new Error('connection lost');
    purge.expiredLinks.mockRejectedValue(boom);

    await expect(processor.process(job('purge-expired-links'))).rejects.toBe(boom);

    expect(await count('failedRuns', 'purge-expired-links')).toBe(1);
  });
});
