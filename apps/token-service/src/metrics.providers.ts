import { Provider } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { counter, METRICS } from '@sesame/observability';

export const RPC_REQUESTS = Symbol('RPC_REQUESTS');

export const METRIC_PROVIDERS: Provider[] = [
  {
    provide: RPC_REQUESTS,
    inject: [METRICS],
    useFactory: (r: Registry) => counter(r, 'sesame_rpc_requests_total', 'RPC requests handled by this process', ['pattern']),
  },
];
