/**
 * SQLSTATEs with which Postgres refuses a value the caller sent, not a bug in the query: the
 * gateway's input check (libs/domain input-safety) keeps these from arriving, so one reaching
 * token-service is a gap in that check, answered 400 rather than 500.
 */
const REFUSED_INPUT_SQLSTATES = new Set([
  '22P05', // untranslatable_character: \u0000 in jsonb
  '22021', // character_not_in_repertoire: a NUL byte in text
  '22P02', // invalid_text_representation: a lone surrogate in jsonb, a malformed uuid or number
  '22001', // string_data_right_truncation: longer than a varchar(n)
  '22003', // numeric_value_out_of_range
  '54001', // statement_too_complex: nesting past max_stack_depth
]);

/** The SQLSTATE when a database call failed on the value it was given; looks through TypeORM's `driverError`. */
export function refusedInputSqlState(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && REFUSED_INPUT_SQLSTATES.has(e.code)) return e.code;
  return e.driverError ? refusedInputSqlState(e.driverError) : undefined;
}
