import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { MAX_EVENT_BYTES } from '@sesame/domain';
import { readEventSchemas } from '@sesame/queue-contracts';

let validators: Map<string, ValidateFunction> | null = null;

/** Every schema of the event catalogue (docs/events/<type>.json), compiled once. */
export function eventSchemas(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  validators = new Map([...readEventSchemas()].map(([type, schema]) => [type, ajv.compile(schema)]));
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
