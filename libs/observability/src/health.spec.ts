import { runReadinessChecks } from './health';
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
