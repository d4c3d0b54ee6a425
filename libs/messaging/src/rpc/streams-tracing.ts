import type { WritePacket } from '@nestjs/microservices';
import { inSpan, startSpan } from '@sesame/observability';

/**
 * W3C trace context across the RPC stream: the client's span travels as the request entry's
 * `traceparent` field and the server's span is its child. Written only while tracing is on; a
 * server reading an entry without it starts no remote parent (its span is a new trace).
 */
export const TRACEPARENT_FIELD = 'traceparent';

const attributes = (pattern: string) => ({ 'rpc.system': 'sesame-redis-streams', 'rpc.method': pattern });

/**
 * The caller's side of one request: a client span that ends when the reply (or the timeout) reaches
 * `callback`. `fields` go on the stream entry; both are the inputs unchanged when tracing is off.
 */
export function traceRpcCall(pattern: string, callback: (packet: WritePacket) => void): { fields: string[]; callback: (packet: WritePacket) => void } {
  const span = startSpan(`rpc ${pattern}`, { kind: 'client', attributes: attributes(pattern) });
  if (!span) return { fields: [], callback };
  return {
    fields: [TRACEPARENT_FIELD, span.traceparent],
    callback: (packet) => {
      span.end(packet.err);
      callback(packet);
    },
  };
}

/** The server's side: runs the handler in a server span, child of the entry's `traceparent`. */
export function inRpcServerSpan<T>(pattern: string, fields: Record<string, string>, handle: () => Promise<T>): Promise<T> {
  return inSpan(`rpc ${pattern}`, { kind: 'server', parent: fields[TRACEPARENT_FIELD], attributes: attributes(pattern) }, handle);
}
