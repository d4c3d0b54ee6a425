import pino from 'pino';

/**
 * Paths pino censors in every log line, a second line of defence after never passing secrets to a
 * logger: tokens, codes, keys and passwords; request bodies (they hold emails, names and user
 * attributes); and what a failed SQL statement carries (its text and bound parameters: emails,
 * IPs, key prefixes and hashes, sealed tokens), wherever an error object ends up.
 */
export const REDACTED_PATHS = [
  'token', '*.token', 'code', '*.code', 'secret', '*.secret', 'apiKey', '*.apiKey',
  'authorization', '*.authorization', 'headers.authorization', 'password', '*.password',
  'body', '*.body', 'parameters', '*.parameters', 'query', '*.query', 'sql', '*.sql',
];

/** Fields of a Postgres error that name what failed without quoting any value. */
const DATABASE_ERROR_FIELDS = ['constraint', 'table', 'column', 'schema', 'dataType', 'routine', 'severity'] as const;

interface DatabaseErrorLike {
  name?: unknown;
  stack?: unknown;
  driverError?: unknown;
  [field: string]: unknown;
}

/**
 * A TypeORM QueryFailedError, or the node-postgres DatabaseError inside it: both carry a
 * five-character SQLSTATE; the TypeORM one also the query text and parameters.
 */
function isDatabaseError(err: DatabaseErrorLike): boolean {
  if (err.driverError && typeof err.driverError === 'object') return true;
  return typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) && ('severity' in err || 'routine' in err);
}

/**
 * The `err` serializer of every logger. A database error keeps its SQLSTATE (as `sqlState`), constraint, table and
 * column and the stack's frames, but not its message, detail, hint, query or parameters: Postgres
 * quotes values in those ("Key (email)=(…) already exists", "invalid input syntax for type uuid: …").
 */
export function serializeError(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const err = value as DatabaseErrorLike;
  if (!isDatabaseError(err)) return pino.stdSerializers.err(value as Error);
  const driver = (err.driverError && typeof err.driverError === 'object' ? err.driverError : err) as DatabaseErrorLike;
  // `sqlState`, not `code`: `*.code` is a redacted path (link codes).
  const fields: Record<string, unknown> = { type: typeof err.name === 'string' ? err.name : 'DatabaseError', sqlState: driver.code };
  for (const key of DATABASE_ERROR_FIELDS) {
    if (typeof driver[key] === 'string') fields[key] = driver[key];
  }
  // The stack's first line repeats the message; keep only the frames.
  if (typeof err.stack === 'string') fields.stack = err.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
  return fields;
}

/**
 * One line for a log field that holds an error as text: a database error as its class, SQLSTATE
 * and constraint (its message can quote a value), anything else as its message.
 */
export function describeError(err: unknown): string {
  if (!err || typeof err !== 'object') return String(err);
  if (!isDatabaseError(err as DatabaseErrorLike)) return err instanceof Error ? err.message : String(err);
  const s = serializeError(err) as Record<string, unknown>;
  return [s.type, s.sqlState, s.constraint ? `constraint ${String(s.constraint)}` : undefined].filter(Boolean).join(' ');
}
