/**
 * A JSON Schema read off a value: the policy has no DTO (libs/domain/src/policy validates a merge
 * onto its defaults, which fix its shape), so its defaults are the truest description. A null
 * default is a field that takes a string or null (as the policy merge treats it); an empty array
 * is a list of strings (every list the policy has: redirect URLs, sign-in origins).
 */
export function schemaOfDefaults(value: unknown): Record<string, unknown> {
  if (value === null) return { type: ['string', 'null'] };
  if (Array.isArray(value)) return { type: 'array', items: value.length ? schemaOfDefaults(value[0]) : { type: 'string' } };
  switch (typeof value) {
    case 'string': return { type: 'string' };
    case 'boolean': return { type: 'boolean' };
    case 'number': return { type: Number.isInteger(value) ? 'integer' : 'number' };
    case 'object': {
      const entries = Object.entries(value as Record<string, unknown>);
      return {
        type: 'object',
        additionalProperties: false,
        required: entries.map(([key]) => key),
        properties: Object.fromEntries(entries.map(([key, v]) => [key, schemaOfDefaults(v)])),
      };
    }
    default: throw new Error(`no JSON schema for a ${typeof value} default`);
  }
}
