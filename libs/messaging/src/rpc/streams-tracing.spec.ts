import type { WritePacket } from '@nestjs/microservices';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { enableTracing } from '@sesame/observability';
import { inRpcServerSpan, traceRpcCall, TRACEPARENT_FIELD } from './streams-tracing';

describe('RPC trace context', () => {
  it('adds nothing to the envelope and keeps the callback while tracing is off', () => {
    const callback = (_: WritePacket) => undefined;
    expect(traceRpcCall('links.create', callback)).toEqual({ fields: [], callback });
  });

  describe('tracing on', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    beforeAll(() => {
      provider.register();
      enableTracing();
    });
    afterAll(() => provider.shutdown());

    it("carries the caller's span in the entry's traceparent field; the server's span is its child and the reply ends it", async () => {
      const replies: WritePacket[] = [];
      const call = traceRpcCall('links.create', (packet) => replies.push(packet));
      expect(call.fields[0]).toBe(TRACEPARENT_FIELD);
      const envelope = { id: 'r1', pattern: 'links.create', [call.fields[0]]: call.fields[1] };

      await inRpcServerSpan('links.create', envelope, async () => 'handled');
      call.callback({ err: new Error('no reply within 5000 ms') });

      const [server, client] = exporter.getFinishedSpans();
      expect(server.kind).toBe(SpanKind.SERVER);
      expect(client.kind).toBe(SpanKind.CLIENT);
      expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
      expect(server.spanContext().traceId).toBe(client.spanContext().traceId);
      expect(client.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no reply within 5000 ms' });
      expect(client.attributes).toEqual({ 'rpc.system': 'sesame-redis-streams', 'rpc.method': 'links.create' });
      expect(replies).toHaveLength(1);
    });
  });
});
