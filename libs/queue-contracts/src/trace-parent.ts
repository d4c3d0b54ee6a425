/**
 * W3C trace context in job data (`traceparent`, next to `correlationId`). An outbox row stores
 * the traceparent of the span that wrote it inside its payload; publishing the row starts a
 * producer span that is that span's child and puts the producer's traceparent in the job, and the
 * worker's consumer span is the producer's child. So one trace runs from the HTTP request through
 * the commit and the queue to the provider call. Null or absent: the row was written with tracing
 * off, or by SQL that has no request (a trigger, a purge).
 */
export type TraceParent = string | null;
