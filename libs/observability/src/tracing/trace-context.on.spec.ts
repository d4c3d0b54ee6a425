import { Writable } from 'node:stream';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createLogger } from '../logger';
import { currentTraceparent, enableTracing, inSpan, startSpan, traceLogFields } from './trace-context';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** Tracing on, with the real SDK exporting to memory (what startTracing registers, minus OTLP). */
describe('tracing on', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => {
    provider.register();
    enableTracing();
  });
  afterEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  const finished = (name: string) => {
    const span = exporter.getFinishedSpans().find((s) => s.name === name);
    if (!span) throw new Error(`no finished span ${name}`);
    return span;
  };

  it('nests spans and hands out the active one as a W3C traceparent', async () => {
    let inner = '';
    await inSpan('outer', { kind: 'server' }, () => inSpan('inner', { kind: 'client' }, async () => {
      inner = currentTraceparent()!;
    }));
    const outer = finished('outer');
    const child = finished('inner');
    expect(child.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(child.kind).toBe(SpanKind.CLIENT);
    expect(inner).toBe(`00-${child.spanContext().traceId}-${child.spanContext().spanId}-01`);
  });

  it('continues a trace from a traceparent another process sent, and ignores a malformed one', async () => {
    const remote = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await inSpan('continued', { kind: 'consumer', parent: remote }, async () => undefined);
    expect(finished('continued').spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(finished('continued').parentSpanContext?.spanId).toBe('b7ad6b7169203331');

    await inSpan('outer', { kind: 'server' }, () => inSpan('garbage parent', { kind: 'consumer', parent: 'not-a-traceparent' }, async () => undefined));
    expect(finished('garbage parent').parentSpanContext?.spanId).toBe(finished('outer').spanContext().spanId);
  });

  it('marks a span failed with the error message when its work throws', async () => {
    await expect(inSpan('failing', { kind: 'internal' }, async () => { throw new Error('provider refused'); })).rejects.toThrow('provider refused');
    expect(finished('failing').status).toEqual({ code: SpanStatusCode.ERROR, message: 'provider refused' });
  });

  it('gives a started span its own traceparent and ends it once', () => {
    const span = startSpan('manual', { kind: 'producer', attributes: { a: 1 } })!;
    expect(span.traceparent).toMatch(TRACEPARENT);
    span.setAttributes({ b: 2 });
    span.end();
    expect(finished('manual').attributes).toEqual({ a: 1, b: 2 });
    expect(span.traceparent).toContain(finished('manual').spanContext().spanId);
  });

  it('puts trace_id and span_id on log lines written inside a span, and only there', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(JSON.parse(chunk.toString())); done(); } });
    const logger = createLogger('test', 'info', sink);
    logger.info('outside');
    await inSpan('logged', { kind: 'internal' }, async () => logger.info('inside'));
    const span = finished('logged').spanContext();
    expect(lines.find((l) => l.msg === 'inside')).toEqual(expect.objectContaining({ trace_id: span.traceId, span_id: span.spanId }));
    expect(lines.find((l) => l.msg === 'outside')).not.toHaveProperty('trace_id');
    expect(traceLogFields()).toEqual({});
  });
});
