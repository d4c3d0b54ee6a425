import type { Counter, Histogram, Registry } from 'prom-client';
import { ERROR_STATUS, ErrorCode } from '@sesame/domain';
import { counter, histogram } from '@sesame/observability';

/**
 * How a request ended on the server: answered, refused (the caller's fault), failed (ours), or
 * skipped because its caller had already given up (deadline passed while it waited in the stream).
 */
export type RpcServerOutcome = 'ok' | 'client_error' | 'server_error' | 'expired';
/** How a call ended for the caller: `timeout` is no reply within the client's timeout. */
export type RpcClientOutcome = 'ok' | 'error' | 'timeout';

export function outcomeOfCode(code: ErrorCode): RpcServerOutcome {
  return ERROR_STATUS[code] >= 500 ? 'server_error' : 'client_error';
}

/** The server side: every request the transport takes off the stream, whatever its handler. */
export class RpcServerMetrics {
  private readonly requests: Counter<string>;
  private readonly duration: Histogram<string>;

  constructor(registry: Registry) {
    this.requests = counter(registry, 'sesame_rpc_requests_total', 'RPC requests taken by this process, by pattern and outcome', ['pattern', 'outcome']);
    this.duration = histogram(registry, 'sesame_rpc_request_duration_seconds', 'Time to run an RPC handler, by pattern', ['pattern']);
  }

  record(pattern: string, outcome: RpcServerOutcome, seconds?: number): void {
    this.requests.inc({ pattern, outcome });
    if (seconds !== undefined) this.duration.observe({ pattern }, seconds);
  }
}

/** The caller's side: from XADD to reply (or timeout), so queueing in the stream is included. */
export class RpcClientMetrics {
  private readonly duration: Histogram<string>;

  constructor(registry: Registry) {
    this.duration = histogram(registry, 'sesame_rpc_client_duration_seconds', 'RPC calls as the caller saw them, by pattern and outcome', ['pattern', 'outcome']);
  }

  record(pattern: string, outcome: RpcClientOutcome, seconds: number): void {
    this.duration.observe({ pattern, outcome }, seconds);
  }
}
