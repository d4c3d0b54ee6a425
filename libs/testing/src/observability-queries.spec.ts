import { join } from 'node:path';
import { exposedMetricNames, observabilityQueries, promqlMetricNames } from './observability-queries';

describe('promqlMetricNames', () => {
  it.each([
    ['sum by (status) (rate(http_requests_total{status=~"5..", route!="/x"}[$__rate_interval]))', ['http_requests_total']],
    ['histogram_quantile(0.95, sum by (le, pattern) (rate(rpc_seconds_bucket[5m])))', ['rpc_seconds_bucket']],
    ['max by (queue) (waiting) > 100 and max by (queue) (deriv(waiting[10m])) > 0', ['waiting']],
    ['sum(rate(a_total{x="by (y) z"}[1h])) / sum(rate(b_total[1h])) > 0.05', ['a_total', 'b_total']],
    ['increase(changes_total[15m]) > 4', ['changes_total']],
    ['ready == 0', ['ready']],
    ['x_total offset 5m unless on (instance) y', ['x_total', 'y']],
    ['1e3 * z', ['z']],
  ])('%s', (expr, names) => {
    expect(promqlMetricNames(expr).sort()).toEqual(names.sort());
  });
});

describe('observabilityQueries', () => {
  it('finds every alert expression, block ones included, and every dashboard target', () => {
    const queries = observabilityQueries(join(__dirname, '../../..'));
    const rules = queries.filter((q) => q.source.startsWith('rules: '));
    expect(new Set(rules.map((q) => q.source)).size).toBe(rules.length);
    expect(rules.length).toBeGreaterThanOrEqual(10);
    const block = rules.find((q) => q.source === 'rules: SesameEmailDeliveryFailureRatioHigh')!;
    expect(block.expr).toMatch(/^sum by \(provider\).*\/ sum by \(provider\).*> 0\.1$/);
    expect(queries.filter((q) => q.source.startsWith('dashboard: ')).length).toBeGreaterThanOrEqual(20);
    for (const q of queries) expect(promqlMetricNames(q.expr).length).toBeGreaterThan(0);
  });
});

describe('exposedMetricNames', () => {
  it('offers samples and declared metrics, with histogram suffixes', () => {
    const text = [
      '# HELP a_total A', '# TYPE a_total counter',
      '# TYPE d_seconds histogram', 'd_seconds_bucket{le="1"} 0',
      'g{x="1"} 3', '',
    ].join('\n');
    expect([...exposedMetricNames(text)].sort()).toEqual(['a_total', 'd_seconds_bucket', 'd_seconds_count', 'd_seconds_sum', 'g']);
  });
});
