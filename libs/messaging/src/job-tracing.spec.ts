import type { Queue } from 'bullmq';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { SpanKind } from '@opentelemetry/api';
import { currentTraceparent, enableTracing, inSpan } from '@sesame/observability';
import { inJobSpan } from './job-tracing';
import { OutboxRow, publishOutboxRows } from './outbox-publisher';

type Added = Parameters<Queue['addBulk']>[0];

/** A queue that records what would be added: publishOutboxRows is the unit under test. */
function recordingQueue(added: Added[]): ReadonlyMap<string, Queue> {
  return new Map([['mail', { addBulk: async (jobs: Added) => void added.push(jobs) } as unknown as Queue]]);
}

const row = (traceparent: string | null): OutboxRow => ({
  id: '41', tenant_id: 't1', queue: 'mail', job_name: 'send-link', payload: { deliveryId: 'd1', correlationId: 'c1', traceparent },
});

describe('job trace context', () => {
  it("publishes an outbox row's payload unchanged while tracing is off", async () => {
    const added: Added[] = [];
    await publishOutboxRows(recordingQueue(added), [row(null)]);
    expect(added[0][0].data).toEqual({ deliveryId: 'd1', correlationId: 'c1', traceparent: null, outboxId: '41', tenantId: 't1' });
  });

  describe('tracing on', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    beforeAll(() => {
      provider.register();
      enableTracing();
    });
    afterEach(() => exporter.reset());
    afterAll(() => provider.shutdown());

    it("links request → publish → job: the publish span is the row's span's child, the job's span the publish span's", async () => {
      let rowTraceparent = '';
      await inSpan('rpc links.create', { kind: 'server' }, async () => {
        rowTraceparent = currentTraceparent()!;
      });
      const added: Added[] = [];
      await publishOutboxRows(recordingQueue(added), [row(rowTraceparent)]);
      const job = { id: 'ob-41', name: 'send-link', data: added[0][0].data as { traceparent: string } };
      await inJobSpan('mail', job, async () => undefined);

      const request = exporter.getFinishedSpans().find((s) => s.name === 'rpc links.create')!;
      const publish = exporter.getFinishedSpans().find((s) => s.name === 'publish mail send-link')!;
      const processed = exporter.getFinishedSpans().find((s) => s.name === 'process mail send-link')!;
      expect(publish.kind).toBe(SpanKind.PRODUCER);
      expect(publish.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(job.data.traceparent).toContain(publish.spanContext().spanId);
      expect(processed.kind).toBe(SpanKind.CONSUMER);
      expect(processed.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
      expect(processed.spanContext().traceId).toBe(request.spanContext().traceId);
      expect(processed.attributes).toEqual(expect.objectContaining({ 'messaging.system': 'bullmq', 'messaging.destination.name': 'mail', 'messaging.message.id': 'ob-41' }));
    });

    it('starts a new trace at publish for a row written without one (a trigger, a purge)', async () => {
      const added: Added[] = [];
      await publishOutboxRows(recordingQueue(added), [row(null)]);
      const publish = exporter.getFinishedSpans().find((s) => s.name === 'publish mail send-link')!;
      expect(publish.parentSpanContext).toBeUndefined();
      expect((added[0][0].data as { traceparent: string }).traceparent).toContain(publish.spanContext().spanId);
    });
  });
});
