import type { Operation } from './operations';
import type { WireResponse } from './wire';

/** What a body must never show a client: stack frames, source paths, SQL, driver and runtime error names. */
const INTERNALS: Array<[string, RegExp]> = [
  ['stack frame', /\bat (?:async )?[\w$.<>[\]]+ \(|\bat (?:file:\/\/)?\/[\w./-]+:\d+:\d+/],
  ['source path', /(?:\/(?:work|home|app|usr|srv|opt)\/[\w.@/-]+\.(?:[cm]?js|ts)\b)|node_modules|dist\/(?:apps|libs)\//],
  ['SQL text', /\b(?:SELECT\b[^]{0,200}\bFROM|INSERT INTO|UPDATE\s+"?\w+"?\s+SET|DELETE FROM)\b/],
  ['database error', /QueryFailedError|EntityNotFound|TypeORM|duplicate key value|violates (?:not-null|foreign key|check|unique)|invalid input syntax|syntax error at or near|invalid byte sequence|untranslatable character|out of range for type|value too long for type/i],
  ['runtime error', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|Maximum call stack|Cannot read propert|is not a function|in JSON at position|Unexpected token)\b/],
  ['connection detail', /ECONNREFUSED|ETIMEDOUT|ReplyError|WRONGTYPE|BullMQ|ioredis|\bpg_\w+\b/],
];

export interface Secrets {
  [name: string]: string;
}

/** Every rule a response to a hostile request breaks (none: it passes). */
export function responseProblems(op: Operation, res: WireResponse, secrets: Secrets): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`HTTP ${res.status}`);
  for (const [what, re] of INTERNALS) if (re.test(res.body)) problems.push(`${what} in the body: …${excerpt(res.body, re)}…`);
  for (const [name, value] of Object.entries(secrets)) if (value && res.body.includes(value)) problems.push(`the ${name} in the body`);
  if (res.status >= 400) {
    const shape = errorShapeProblem(op, res);
    if (shape) problems.push(shape);
  }
  if (String(res.headers['content-type'] ?? '').includes('json')) problems.push(...op.bodyProblems(res.status, parsed(res.body)));
  return problems;
}

function errorShapeProblem(op: Operation, res: WireResponse): string | undefined {
  const type = String(res.headers['content-type'] ?? '');
  // A hosted page answers people with an HTML page (or, before routing, the JSON error body).
  if (op.page && type.startsWith('text/html')) return undefined;
  if (!type.includes('json')) return `HTTP ${res.status} with content-type "${type}", not a JSON error body: ${res.body.slice(0, 120)}`;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `HTTP ${res.status} with a body that is not JSON: ${res.body.slice(0, 120)}`;
  }
  const ok = op.errorShape === 'entrust' ? isEntrustError(body) || isSesameError(body) : op.errorShape === 'passage' ? isPassageError(body) || isSesameError(body) : isSesameError(body);
  return ok ? undefined : `HTTP ${res.status} body is not the ${op.errorShape} error shape: ${res.body.slice(0, 200)}`;
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `{error: {code, message, details?}}` and nothing else. */
export function isSesameError(body: unknown): boolean {
  if (!isObject(body) || Object.keys(body).join() !== 'error' || !isObject(body.error)) return false;
  const { code, message, details, ...rest } = body.error;
  return typeof code === 'string' && /^[a-z_]+$/.test(code) && typeof message === 'string' && (details === undefined || isObject(details)) && Object.keys(rest).length === 0;
}

/** Entrust IDaaS ErrorInfo. */
function isEntrustError(body: unknown): boolean {
  return isObject(body) && typeof body.errorCode === 'string' && typeof body.errorMessage === 'string' && Array.isArray(body.parameters);
}

/** Passage `{code, error}`. */
function isPassageError(body: unknown): boolean {
  return isObject(body) && typeof body.code === 'string' && typeof body.error === 'string';
}

function excerpt(text: string, re: RegExp): string {
  const i = text.search(re);
  return text.slice(Math.max(0, i - 40), i + 80).replace(/\s+/g, ' ');
}

/** What no warn- or error-level line may carry, caused by client input or not. */
const PERSONAL_OR_SECRET: Array<[string, RegExp]> = [
  ['an email address', /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/i],
  ['a key hash (64 hex)', /\b[0-9a-f]{64}\b/i],
  ['an API key', /\bsk_[A-Za-z0-9_-]{8,}|\broot_[A-Za-z0-9_-]{16,}/],
  ['sealed bytes', /\\\\x01[0-9a-f]{16,}|"type":"Buffer"/],
];

/** Pino levels (the processes log the label): 40 warn, 50 error, 60 fatal. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export function logProblems(lines: string[], secrets: Secrets, allowedSenders: string[] = []): string[] {
  const problems = new Set<string>();
  for (const line of lines) {
    const rec = parseJson(line);
    const level = rec ? LEVELS[String(rec.level)] ?? Number(rec.level) : /\bError\b|^\s+at /.test(line) ? 50 : 30;
    if (level < 40) continue;
    const who = rec ? `${String(rec.app ?? rec.name ?? rec.service ?? '?')}: "${String(rec.msg ?? '')}"` : 'stderr';
    if (level >= 50) problems.add(`error-level log line (${who}): ${line.slice(0, 300)}`);
    const scrubbed = allowedSenders.reduce((l, s) => l.split(s).join(''), line);
    for (const [what, re] of PERSONAL_OR_SECRET) if (re.test(scrubbed)) problems.add(`${what} in a level-${level} line (${who}): …${excerpt(scrubbed, re)}…`);
    for (const [name, value] of Object.entries(secrets)) if (value && line.includes(value)) problems.add(`the ${name} in a level-${level} line (${who})`);
  }
  return [...problems];
}

function parseJson(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
