import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { MAX_EVENT_BYTES } from '@sesame/domain';

/** docs/events, found from here whether running from source (jest) or from dist/. */
export function eventSchemaDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs', 'events');
    if (fs.existsSync(path.join(candidate, 'magiclink.created.json'))) return candidate;
  }
  throw new Error('docs/events not found above ' + __dirname);
}

let validators: Map<string, ValidateFunction> | null = null;

/** Every schema of the event catalogue (docs/events/<type>.json), compiled once. */
export function eventSchemas(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const dir = eventSchemaDir();
  validators = new Map(
    fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f.slice(0, -'.json'.length), ajv.compile(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))]),
  );
  return validators;
}

/**
 * Problems with one webhook body (the exact JSON text sent): not JSON, no schema for its type,
 * schema violations, or over MAX_EVENT_BYTES. Empty when it is valid.
 */
export function eventProblems(body: string): string[] {
  const bytes = Buffer.byteLength(body);
  const problems = bytes >= MAX_EVENT_BYTES ? [`${bytes} bytes, limit ${MAX_EVENT_BYTES}`] : [];
  let event: { type?: unknown };
  try {
    event = JSON.parse(body);
  } catch {
    return [...problems, 'not JSON'];
  }
  const validate = eventSchemas().get(String(event?.type));
  if (!validate) return [...problems, `no schema for type ${String(event?.type)}`];
  if (!validate(event)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
  return problems;
}
