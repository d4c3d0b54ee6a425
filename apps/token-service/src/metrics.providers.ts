import { Provider } from '@nestjs/common';
import type { Counter, Registry } from 'prom-client';
import { counter, METRICS } from '@sesame/observability';

export const RPC_REQUESTS = Symbol('RPC_REQUESTS');

export const METRIC_PROVIDERS: Provider[] = [
  {
    provide: RPC_REQUESTS,
    inject: [METRICS],
    useFactory: (r: Registry) => counter(r, 'sesame_rpc_requests_total', 'RPC requests handled by this process', ['pattern']),
  },
];

/** Counts one handled request of an RPC pattern and passes its result through. */
export function counted<T>(requests: Counter<string>, pattern: string, result: Promise<T>): Promise<T> {
  requests.inc({ pattern });
  return result;
}
