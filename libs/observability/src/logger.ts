import pino, { Logger } from 'pino';
import { currentCorrelationId } from './context';
import { REDACTED_PATHS, serializeError } from './log-redaction';
import { traceLogFields } from './tracing/trace-context';

export type { Logger };

/**
 * Structured JSON logs on an asynchronous destination (no blocking write per line on hot paths).
 * Anything that could carry a secret or personal data is redacted (log-redaction.ts) as a second
 * line of defence; the first is never passing tokens, codes or keys to a logger at all.
 */
export function createLogger(service: string, level = 'info', destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
  return pino(
    {
      level,
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentCorrelationId();
        // trace_id / span_id only while tracing is on and a span is active.
        const fields = traceLogFields();
        return correlationId ? { correlationId, ...fields } : fields;
      },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

/**
 * Writes buffered log lines out synchronously; call before exiting. `logger.flush()` only starts an
 * asynchronous write on the non-blocking destination, so a `process.exit` right after it lost the
 * last lines, among them the fatal one that says why the process refused to run.
 */
export function flushLogger(logger: Logger): void {
  const destination = (logger as unknown as Record<symbol, { flushSync?: () => void } | undefined>)[pino.symbols.streamSym];
  try {
    if (destination?.flushSync) destination.flushSync();
    else logger.flush();
  } catch {
    // the destination may already be closed during shutdown, or not open yet
  }
}

/** Logs `message` as fatal, flushes, and exits 1: for a process that must refuse to run. */
export function exitFatal(logger: Logger, message: string): never {
  logger.fatal(message);
  flushLogger(logger);
  process.exit(1);
}
