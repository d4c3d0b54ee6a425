import { Registry } from 'prom-client';
import { cachedCheck, Readiness, runReadinessChecks } from './health';
import { currentCorrelationId, runWithContext } from './context';

describe('runReadinessChecks', () => {
  it('is ok when every check passes', async () => {
    const r = await runReadinessChecks([{ name: 'a', check: async () => undefined }]);
    expect(r).toEqual({ status: 'ok', checks: { a: 'ok' } });
  });

  it('reports the failing check and times out hung ones', async () => {
    const r = await runReadinessChecks(
      [
        { name: 'db', check: async () => { throw new Error('connection refused'); } },
        { name: 'redis', check: () => new Promise(() => undefined) },
      ],
      50,
    );
    expect(r.status).toBe('unavailable');
    expect(r.checks).toEqual({ db: 'connection refused', redis: 'timed out after 50 ms' });
  });
});

describe('cachedCheck', () => {
  afterEach(() => jest.restoreAllMocks());

  it('runs the check at most once per interval and shares its outcome, failures included', async () => {
    let now = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const check = jest.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue(undefined);
    const cached = cachedCheck({ name: 'dep', check }, 1000);

    expect(cached.name).toBe('dep');
    await expect(Promise.all([cached.check(), cached.check()])).rejects.toThrow('down');
    now = 999;
    await expect(cached.check()).rejects.toThrow('down');
    now = 1000;
    await expect(cached.check()).resolves.toBeUndefined();
    expect(check).toHaveBeenCalledTimes(2);
  });
});

describe('correlation context', () => {
  it('follows async work and is absent outside', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await runWithContext('cid-1', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentCorrelationId();
    });
    expect(seen).toBe('cid-1');
  });

  it('generates an id when none is given', () => {
    expect(runWithContext(undefined, () => currentCorrelationId())).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('Readiness', () => {
  it('records the last answer and counts every flip, not every probe', async () => {
    const registry = new Registry();
    let up = true;
    const readiness = new Readiness([{ name: 'dep', check: async () => { if (!up) throw new Error('down'); } }], registry);
    const value = async (name: string) => (await registry.getSingleMetric(name)!.get()).values[0]?.value;

    await readiness.report();
    await readiness.report();
    expect(await value('sesame_ready')).toBe(1);
    expect(await value('sesame_readiness_changes_total')).toBe(0);
    up = false;
    expect((await readiness.report()).status).toBe('unavailable');
    expect(await value('sesame_ready')).toBe(0);
    up = true;
    await readiness.report();
    expect(await value('sesame_readiness_changes_total')).toBe(2);
  });
});
