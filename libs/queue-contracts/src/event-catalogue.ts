import fs from 'node:fs';
import path from 'node:path';

/** A JSON Schema (draft-07) of one webhook event, as docs/events holds it. */
export type EventSchema = Record<string, unknown> & { title?: string; description?: string };

/**
 * docs/events, found from here whether running from source (jest) or from dist/ (the image copies
 * docs/events beside dist/). The catalogue is the one definition of every webhook body: the
 * OpenAPI `webhooks` section and the event tests both read it.
 */
export function eventSchemaDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'docs', 'events');
    if (fs.existsSync(path.join(candidate, 'magiclink.created.json'))) return candidate;
  }
  throw new Error('docs/events not found above ' + __dirname);
}

/** Every event type of the catalogue with its schema, sorted by type. */
export function readEventSchemas(): Map<string, EventSchema> {
  const dir = eventSchemaDir();
  return new Map(
    fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
      .map((f) => [f.slice(0, -'.json'.length), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as EventSchema]),
  );
}
