import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * @nestjs/swagger writes schemas in the OpenAPI 3.0 dialect; 3.1 schemas are JSON Schema 2020-12,
 * which has no `nullable` (OpenAPI 3.1 §4.8.24): `{type: X, nullable: true}` becomes
 * `{type: [X, 'null']}`, and a nullable reference or composition becomes `anyOf [it, {type: null}]`.
 */
export function toOpenApi31(document: OpenAPIObject): OpenAPIObject {
  return { ...(convert(document) as OpenAPIObject), openapi: '3.1.0' };
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (!value || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, convert(v)]));
  if (typeof nullable !== 'boolean') return nullable === undefined ? out : { ...out, nullable: convert(nullable) };
  if (!nullable) return out;
  // A nullable reference (@nestjs/swagger writes `{type: object, allOf: [$ref]}`): the reference or null.
  if (out.$ref || out.allOf || out.oneOf || out.anyOf) {
    const { type: _type, $ref, allOf, oneOf, anyOf, ...annotations } = out as Record<string, unknown[] | string | undefined>;
    const target = $ref ? { $ref } : allOf?.length === 1 ? allOf[0] : allOf ? { allOf } : oneOf ? { oneOf } : { anyOf };
    return { ...annotations, anyOf: [target, { type: 'null' }] };
  }
  if (typeof out.type === 'string') {
    const withNull = { ...out, type: [out.type, 'null'] };
    return Array.isArray(out.enum) ? { ...withNull, enum: [...out.enum, null] } : withNull;
  }
  if (Array.isArray(out.type)) return { ...out, type: [...new Set([...out.type, 'null'])] };
  return { anyOf: [out, { type: 'null' }] };
}
