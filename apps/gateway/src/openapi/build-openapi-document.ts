import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '@sesame/domain';
import { readEventSchemas } from '@sesame/queue-contracts';
import { ERROR_CODES_EXTENSION, ERROR_SCHEMA_EXTENSION } from './api-errors.decorator';
import { ErrorResponse } from './error-response';
import { API_KEY_SCHEME, ROOT_KEY_SCHEME } from './security-schemes';
import { toOpenApi31 } from './openapi-31';

export interface OpenApiServer {
  url: string;
  description?: string;
}

type Operation = Record<string, unknown> & { parameters?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
/** Any route with a body: the body parsers and the global validation pipe. */
const BODY_ERRORS: ErrorCode[] = ['validation_failed', 'malformed_json', 'payload_too_large', 'unsupported_media_type'];
/**
 * Any route: admission control refuses before the route runs (503 at capacity, 429 when the
 * tenant holds its share of the gateway), and the RPC behind it can time out or lose Redis (503).
 */
const ALWAYS: ErrorCode[] = ['rate_limited', 'service_unavailable'];

/**
 * The OpenAPI 3.1 document of the gateway's routes, built from their decorators and DTOs: served
 * at /docs/json and exported to libs/client/openapi.json (`npm run client:generate`). It needs the
 * app's routes only, so an app created in preview mode (nothing connected) gives the same document.
 */
export function buildOpenApiDocument(app: INestApplication, servers: OpenApiServer[]): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Sesame API')
    .setDescription('Self-hosted, multi-tenant magic links. Authenticate with `Authorization: Bearer sk_live_…` (a tenant API key) '
      + 'or, for /v1/tenants, the operator\'s root key. Errors are `{ "error": { "code", "message", "details" } }` with a stable `code`.')
    .setVersion('1')
    .setOpenAPIVersion('3.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addSecurity(API_KEY_SCHEME, { type: 'http', scheme: 'bearer', description: 'A tenant `sk_live_…` API key (not a JWT); each operation names the scope it needs (`x-required-scopes`).' })
    .addSecurity(ROOT_KEY_SCHEME, { type: 'http', scheme: 'bearer', description: 'The operator\'s root key (SESAME_ROOT_API_KEY), for /v1/tenants and admin routes.' });
  for (const server of servers) builder.addServer(server.url, server.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) => `${resourceOf(controllerKey)}.${methodKey}`,
    extraModels: [ErrorResponse],
  });
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = pathItem[method] as Operation | undefined;
      if (!op) continue;
      documentErrors(op);
      // No RequireScope/RootOnly: a public route (browser sign-in, a signed provider callback).
      op.security ??= [];
    }
  }
  addWebhooks(document);
  return toOpenApi31(document);
}

/** `MagicLinksController` → `magicLinks`, so operation ids read `magicLinks.create`. */
function resourceOf(controllerKey: string): string {
  const name = controllerKey.replace(/Controller$/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** One response per status, each listing its codes, from what the route's decorators declared. */
function documentErrors(op: Operation): void {
  const declared = (op[ERROR_CODES_EXTENSION] as ErrorCode[] | undefined) ?? [];
  const vendor = op[ERROR_SCHEMA_EXTENSION] as string | undefined;
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  // A compatibility route answers in its vendor's shape, except what is refused before the route
  // runs (body parsing, the URL): that is Sesame's own error body.
  const schema = vendor ? { oneOf: [ref(vendor), ref(ErrorResponse.name)] } : ref(ErrorResponse.name);
  delete op[ERROR_CODES_EXTENSION];
  delete op[ERROR_SCHEMA_EXTENSION];
  const validated = (op.parameters?.length ?? 0) > 0 ? ['validation_failed' as const] : [];
  const codes = [...new Set([...declared, ...validated, ...(op.requestBody ? BODY_ERRORS : []), ...ALWAYS])];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    op.responses[String(status)] = {
      description: `Error codes: ${list.map((c) => `\`${c}\``).join(', ')}.`,
      content: {
        'application/json': {
          schema,
          ...(vendor ? {} : { example: { error: { code: list[0], message: `(${list[0]})` } } }),
        },
      },
    };
  }
}

/** docs/events as the `webhooks` section: one POST per event type, its body the catalogue's schema. */
function addWebhooks(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const webhooks: Record<string, unknown> = {};
  for (const [type, { $schema: _dialect, $id: _id, ...schema }] of readEventSchemas()) {
    const name = `Event_${type.replace(/\./g, '_')}`;
    schemas[name] = schema;
    webhooks[type] = {
      post: {
        operationId: `webhooks.${type}`,
        summary: String(schema.description ?? type),
        tags: ['webhooks'],
        description: 'Sent to your webhook endpoints, signed per Standard Webhooks (verify with `verifyWebhook` of @sesame/client).',
        security: [],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
        responses: { '200': { description: 'Any 2xx acknowledges the event; anything else is retried.' } },
      },
    };
  }
  document.components = { ...document.components, schemas };
  document.webhooks = webhooks as OpenAPIObject['webhooks'];
}
