import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is read as plain JSON */
type OpenApi = { components?: Record<string, any> };

const DOC_ID = 'https://sesame.test/openapi.json';

/**
 * The document's JSON response schemas, compiled on first use: whatever the fuzzer sends, an answer
 * with a documented status must have the documented body (OpenAPI 3.1 schemas are JSON Schema 2020-12).
 */
export class ResponseSchemas {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: OpenApi) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: doc.components ?? {} });
  }

  /** Checks one operation's JSON answers against its `responses` (statuses it does not document pass). */
  validatorOf(responses: Record<string, any> | undefined): (status: number, body: unknown) => string[] {
    return (status, body) => {
      const schema = responses?.[String(status)]?.content?.['application/json']?.schema;
      const refs: string[] = schema?.$ref ? [schema.$ref] : (schema?.oneOf ?? []).map((s: any) => s.$ref).filter(Boolean);
      if (!refs.length) return [];
      const failures = refs.map((ref) => ({ ref, validate: this.compile(ref) })).filter(({ validate }) => !validate(body));
      if (failures.length < refs.length) return [];
      return failures.map(({ ref, validate }) =>
        `HTTP ${status} body does not match ${ref}: ${(validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
    };
  }

  private compile(ref: string): ValidateFunction {
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOC_ID}${ref}` });
      this.compiled.set(ref, validate);
    }
    return validate;
  }
}
