import { SesameError } from './errors';

/**
 * Limits every request value is held to before any validator, mapper or driver sees it. Deeper or
 * longer input has no legitimate use in any route, and past them the recursive code downstream
 * (class-transformer, JSON.stringify on the RPC hop) overflows the stack: a 500 for a 2 KB body.
 */
export const INPUT_LIMITS = {
  /** Nesting of arrays and objects; the deepest real document (policy) uses 4. */
  maxDepth: 32,
  /** Elements of any one array; the longest real list (allowed redirect URLs) holds 20. */
  maxArrayLength: 1000,
  /** UTF-16 code units of any one string or key; the body limit (64 KB) already bounds JSON bodies. */
  maxStringLength: 65_536,
} as const;

export type InputLimits = { [K in keyof typeof INPUT_LIMITS]: number };

export type InputProblemKind = 'depth' | 'array_length' | 'string_length' | 'nul' | 'lone_surrogate';

export interface InputProblem {
  kind: InputProblemKind;
  /** Dotted path of the offending value (`context_data.note`, `attributes.tags.3`); '' for the value itself. */
  field: string;
}

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
// Without the `u` flag a regex sees UTF-16 code units, so a surrogate is "lone" when its partner is not beside it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * Why a string cannot be stored: Postgres refuses U+0000 in text and jsonb (SQLSTATE 22021, 22P05)
 * and a lone surrogate in jsonb (22P02), and silently turns it into U+FFFD in text. Valid pairs
 * (emoji and every other astral character) are fine.
 */
export function unsafeCharacter(s: string): 'nul' | 'lone_surrogate' | undefined {
  if (!SUSPECT.test(s)) return undefined;
  if (s.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(s) ? 'lone_surrogate' : undefined;
}

/** The first value in `value` that breaks a limit or holds an unstorable character, depth first. */
export function findUnsafeInput(value: unknown, limits: InputLimits = INPUT_LIMITS): InputProblem | undefined {
  return walk(value, '', 0, limits);
}

function walk(value: unknown, field: string, depth: number, limits: InputLimits): InputProblem | undefined {
  if (typeof value === 'string') return checkString(value, field, limits);
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= limits.maxDepth) return { kind: 'depth', field };
  if (Array.isArray(value)) {
    if (value.length > limits.maxArrayLength) return { kind: 'array_length', field };
    for (let i = 0; i < value.length; i++) {
      const problem = walk(value[i], join(field, String(i)), depth + 1, limits);
      if (problem) return problem;
    }
    return undefined;
  }
  // Only what a parser builds (plain or null-prototype objects); a raw Buffer body is not walked.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const path = join(field, printable(key));
    const problem = checkString(key, path, limits) ?? walk(child, path, depth + 1, limits);
    if (problem) return problem;
  }
  return undefined;
}

function checkString(s: string, field: string, limits: InputLimits): InputProblem | undefined {
  if (s.length > limits.maxStringLength) return { kind: 'string_length', field };
  const bad = unsafeCharacter(s);
  return bad ? { kind: bad, field } : undefined;
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** A key named in an error must itself be safe to put in the JSON answer and the logs. */
function printable(key: string): string {
  return unsafeCharacter(key) ? key.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD') : key;
}

/**
 * The 400 for a problem: the structure limit is `malformed_json` (the body as a whole is refused),
 * everything tied to one value is `validation_failed` naming it, as class-validator's failures do.
 */
export function inputProblemError(problem: InputProblem, limits: InputLimits = INPUT_LIMITS): SesameError {
  const field = problem.field || 'body';
  switch (problem.kind) {
    case 'depth':
      return new SesameError('malformed_json', `The request nests arrays and objects deeper than ${limits.maxDepth} levels`, { field, max_depth: limits.maxDepth });
    case 'array_length':
      return failed(field, `${field} must not hold more than ${limits.maxArrayLength} elements`);
    case 'string_length':
      return failed(field, `${field} must not be longer than ${limits.maxStringLength} characters`);
    case 'nul':
      return failed(field, `${field} must not contain the character U+0000`);
    case 'lone_surrogate':
      return failed(field, `${field} must not contain an unpaired UTF-16 surrogate (U+D800 to U+DFFF)`);
  }
}

function failed(field: string, message: string): SesameError {
  return new SesameError('validation_failed', message, { fields: [{ field, message }] });
}
