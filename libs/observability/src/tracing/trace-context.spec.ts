import { createLogger } from '../logger';
import { currentTraceparent, inSpan, startSpan, traceLogFields, tracingEnabled } from './trace-context';
import { startTracing, tracingWanted, TracingSettings } from './start-tracing';

/** Tracing off, the default: nothing is started and every helper is a pass-through. */
describe('tracing off', () => {
  const off: TracingSettings = {
    OTEL_SDK_DISABLED: false, OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', OTEL_SERVICE_NAME: '',
  };

  it('needs an OTLP endpoint, and OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none still win', () => {
    expect(tracingWanted(off)).toBe(false);
    expect(tracingWanted({ ...off, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingWanted({ ...off, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingWanted({ ...off, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: true })).toBe(false);
    expect(tracingWanted({ ...off, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
  });

  it('starts nothing without an endpoint', async () => {
    await startTracing('test', off, createLogger('test', 'silent'));
    expect(tracingEnabled()).toBe(false);
  });

  it('makes no span, no traceparent and no log fields', async () => {
    expect(startSpan('x', { kind: 'internal' })).toBeUndefined();
    await expect(inSpan('x', { kind: 'internal' }, async () => currentTraceparent())).resolves.toBeUndefined();
    expect(traceLogFields()).toEqual({});
    await expect(inSpan('x', { kind: 'internal' }, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
  });
});
