import type { WritePacket } from '@nestjs/microservices';
import { inSpan, startSpan, tracingEnabled } from '@sesame/observability';

/**
 * W3C trace context across the RPC stream: the client's span travels as the request entry's
 * `traceparent` field and the server's span is its child. Written only while tracing is on; a
 * server reading an entry without it starts no remote parent (its span is a new trace).
 */
export const TRACEPARENT_FIELD = 'traceparent';

const NO_FIELDS: readonly string[] = [];
const attributes = (pattern: string) => ({ 'rpc.system': 'sesame-redis-streams', 'rpc.method': pattern });

/**
 * The caller's side of one request: a client span that ends when the reply (or the timeout) reaches
 * `callback`. `fields` go on the stream entry; both are the inputs unchanged when tracing is off.
 */
export function traceRpcCall(pattern: string, callback: (packet: WritePacket) => void): { fields: readonly string[]; callback: (packet: WritePacket) => void } {
  // Checked first so that, off, not even the span's name and attributes are built per request.
  const span = tracingEnabled() ? startSpan(`rpc ${pattern}`, { kind: 'client', attributes: attributes(pattern) }) : undefined;
  if (!span) return { fields: NO_FIELDS, callback };
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
  if (!tracingEnabled()) return handle();
  return inSpan(`rpc ${pattern}`, { kind: 'server', parent: fields[TRACEPARENT_FIELD], attributes: attributes(pattern) }, handle);
}
