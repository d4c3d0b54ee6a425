import type { Logger } from 'pino';
import { enableTracing } from './trace-context';

/** The standard OpenTelemetry variables a process's config validated (CommonConfig). */
export interface TracingSettings {
  OTEL_SDK_DISABLED: boolean;
  OTEL_TRACES_EXPORTER: string;
  OTEL_EXPORTER_OTLP_ENDPOINT: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: string;
  OTEL_SERVICE_NAME: string;
}

/** Whether this process exports traces: an OTLP endpoint is set and nothing turned tracing off. */
export function tracingWanted(settings: TracingSettings): boolean {
  if (settings.OTEL_SDK_DISABLED || settings.OTEL_TRACES_EXPORTER === 'none') return false;
  return Boolean(settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || settings.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * The one tracing boot step of every process, called by each main.ts before the Nest app is
 * created. Off by default: without an OTLP endpoint the SDK is not even loaded, and the helpers of
 * trace-context.ts stay one boolean check each.
 *
 * On, it registers a NodeTracerProvider (AsyncLocalStorage context, W3C trace-context propagator)
 * that batches spans to the OTLP/HTTP JSON exporter. The SDK reads the rest of the standard
 * variables itself (OTEL_TRACES_SAMPLER and _ARG, OTEL_BSP_*, OTEL_EXPORTER_OTLP_HEADERS and
 * _TIMEOUT, OTEL_RESOURCE_ATTRIBUTES), so their meaning is the specification's, not ours.
 */
export async function startTracing(service: string, settings: TracingSettings, logger: Logger): Promise<void> {
  if (!tracingWanted(settings)) return;
  // Loaded here, not at module scope: a process with tracing off never loads the SDK.
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { detectResources, envDetector, resourceFromAttributes }, { ATTR_SERVICE_NAME }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
    ]);
  // OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES (envDetector) win over the process's own name.
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: service, 'service.instance.id': `${service}-${process.pid}` })
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  enableTracing();

  // Best effort: spans still batched when the process is told to stop are sent before it exits.
  const flush = () => void provider.forceFlush().catch((err: unknown) => logger.warn({ err }, 'tracing: flushing spans failed'));
  process.once('SIGTERM', flush);
  process.once('SIGINT', flush);
  // The origin only: an endpoint URL may carry a credential in its path or query.
  const endpoint = new URL(settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || settings.OTEL_EXPORTER_OTLP_ENDPOINT).origin;
  logger.info({ serviceName: settings.OTEL_SERVICE_NAME || service, endpoint }, 'tracing on: exporting spans over OTLP/HTTP');
}
