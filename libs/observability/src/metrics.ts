import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One registry per process, with Node's default metrics and a `service` label on everything. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export function counter(registry: Registry, name: string, help: string, labelNames: string[] = []): Counter<string> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

export function histogram(registry: Registry, name: string, help: string, labelNames: string[] = []): Histogram<string> {
  return new Histogram({
    name,
    help,
    labelNames,
    registers: [registry],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
}
