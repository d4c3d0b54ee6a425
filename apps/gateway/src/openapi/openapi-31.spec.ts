import type { OpenAPIObject } from '@nestjs/swagger';
import { toOpenApi31 } from './openapi-31';

const schemaOf = (schema: Record<string, unknown>) =>
  toOpenApi31({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { S: schema } } } as OpenAPIObject).components?.schemas?.S;

describe('toOpenApi31', () => {
  it('writes a nullable scalar as a type list, an enum with null among its values', () => {
    expect(schemaOf({ type: 'string', nullable: true, format: 'date-time' })).toEqual({ type: ['string', 'null'], format: 'date-time' });
    expect(schemaOf({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
  });

  it('writes a nullable reference as the reference or null, keeping its description', () => {
    expect(schemaOf({ type: 'object', nullable: true, description: 'd', allOf: [{ $ref: '#/components/schemas/L' }] }))
      .toEqual({ description: 'd', anyOf: [{ $ref: '#/components/schemas/L' }, { type: 'null' }] });
  });

  it('converts nested schemas, drops nullable: false, and leaves a property named nullable alone', () => {
    expect(schemaOf({ type: 'object', properties: { nullable: { type: 'boolean' }, a: { type: 'integer', nullable: false } } }))
      .toEqual({ type: 'object', properties: { nullable: { type: 'boolean' }, a: { type: 'integer' } } });
  });
});
