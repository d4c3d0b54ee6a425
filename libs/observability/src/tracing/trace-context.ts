import { Attributes, Context, context, propagation, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * The spans Sesame makes by hand (HTTP request, RPC call, outbox publish, job, provider call) and
 * the W3C `traceparent` (https://www.w3.org/TR/trace-context/) that carries a trace from one
 * process to the next in RPC requests and job data.
 *
 * Off (the default, see start-tracing.ts) every function here is one boolean check: no span
 * object, no context switch, no traceparent string. That is why callers go through these helpers
 * instead of calling the OpenTelemetry API directly, whose no-op tracer still allocates per call.
 */
let enabled = false;

/** Called once by startTracing after the SDK is registered (and by specs that register an in-memory exporter). */
export function enableTracing(): void {
  enabled = true;
}

export function tracingEnabled(): boolean {
  return enabled;
}

export type TraceSpanKind = 'server' | 'client' | 'producer' | 'consumer' | 'internal';

const KINDS: Record<TraceSpanKind, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

export interface TraceSpanOptions {
  kind: TraceSpanKind;
  attributes?: Attributes;
  /**
   * A `traceparent` received from another process (RPC envelope, job data, HTTP header): the span
   * is its child. Without one (or with a malformed one) the span is a child of the active span.
   */
  parent?: string | null;
}

/** A started span: run code inside it, read its traceparent for the next hop, end it once. */
export interface TraceSpan {
  /** This span as a W3C traceparent, to hand to the next process. */
  readonly traceparent: string;
  /** Runs `fn` with this span active: spans, log lines and traceparents made inside belong to it. */
  run<T>(fn: () => T): T;
  setAttributes(attributes: Attributes): void;
  /** Ends the span; an error marks it failed (its message only: no stack, no request data). */
  end(error?: unknown): void;
}

const tracer = () => trace.getTracer('sesame');

/** Starts a span, or answers undefined when tracing is off. */
export function startSpan(name: string, options: TraceSpanOptions): TraceSpan | undefined {
  if (!enabled) return undefined;
  // A valid traceparent replaces the active span as parent; a malformed one leaves it in place.
  const parentContext = options.parent ? propagation.extract(context.active(), { traceparent: options.parent }) : context.active();
  const span = tracer().startSpan(name, { kind: KINDS[options.kind], attributes: options.attributes }, parentContext);
  const spanContext = trace.setSpan(parentContext, span);
  return {
    traceparent: traceparentOf(spanContext) ?? '',
    run: (fn) => context.with(spanContext, fn),
    setAttributes: (attributes) => void span.setAttributes(attributes),
    end: (error) => endSpan(span, error),
  };
}

/** Runs `fn` inside a new span that ends when `fn` settles (failed when it throws). Off: just runs `fn`. */
export function inSpan<T>(name: string, options: TraceSpanOptions, fn: () => Promise<T>): Promise<T> {
  const span = startSpan(name, options);
  // Not an async function itself: off, the caller awaits `fn`'s own promise, no extra hop.
  return span ? runInSpan(span, fn) : fn();
}

async function runInSpan<T>(span: TraceSpan, fn: () => Promise<T>): Promise<T> {
  try {
    const result = await span.run(fn);
    span.end();
    return result;
  } catch (err) {
    span.end(err);
    throw err;
  }
}

/** The active span as a W3C traceparent, to store with work another process picks up; undefined when off. */
export function currentTraceparent(): string | undefined {
  return enabled ? traceparentOf(context.active()) : undefined;
}

/** `trace_id` and `span_id` of the active span for a log line; nothing when off or outside a span. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  if (!enabled) return {};
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

function traceparentOf(ctx: Context): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

function endSpan(span: Span, error: unknown): void {
  if (error !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}
