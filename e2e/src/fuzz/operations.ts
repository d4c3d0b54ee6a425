import { examples, Example, Fixtures, pathValue } from './examples';
import { ResponseSchemas } from './response-schemas';

export type Auth = 'admin' | 'root' | 'none';

/** One HTTP operation with a valid request the value classes mutate. */
export interface Operation {
  /** `METHOD /path/{template}`, as in the OpenAPI document. */
  id: string;
  method: string;
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** Query parameters the operation reads (documented or in its example). */
  queryNames: string[];
  headers: Record<string, string>;
  headerNames: string[];
  body?: unknown;
  /** json: an API body; form: a hosted page's `application/x-www-form-urlencoded` form. */
  bodyKind: 'json' | 'form' | 'none';
  auth: Auth;
  /** Vendor-compatible routes answer errors in their vendor's shape. */
  errorShape: 'sesame' | 'entrust' | 'passage';
  /** A hosted page: errors are HTML pages for people, not JSON. */
  page: boolean;
  /** Problems of a JSON answer against the document's schema for its status (none for pages). */
  bodyProblems: (status: number, body: unknown) => string[];
}

/** Hosted pages are left out of the OpenAPI document (they serve browsers), so they are listed here. */
const HOSTED: Array<{ method: string; path: string }> = [
  { method: 'GET', path: '/l/{token}' },
  { method: 'POST', path: '/l/{token}' },
  { method: 'GET', path: '/l/{token}/password' },
  { method: 'POST', path: '/l/{token}/password' },
  { method: 'GET', path: '/p/{tenant_slug}/sign-in' },
  { method: 'POST', path: '/p/{tenant_slug}/sign-in' },
  { method: 'GET', path: '/p/{tenant_slug}/sign-in/{request_id}' },
  { method: 'POST', path: '/p/{tenant_slug}/sign-in/{request_id}/code' },
  { method: 'POST', path: '/p/{tenant_slug}/sign-in/{request_id}/resend' },
  { method: 'GET', path: '/p/{tenant_slug}/sign-in/{request_id}/status' },
  { method: 'GET', path: '/p/{tenant_slug}/forgot-password' },
  { method: 'POST', path: '/p/{tenant_slug}/forgot-password' },
  { method: 'GET', path: '/p/{tenant_slug}/verify-email' },
  { method: 'POST', path: '/p/{tenant_slug}/verify-email' },
  { method: 'GET', path: '/p/{tenant_slug}/sign-up' },
  { method: 'POST', path: '/p/{tenant_slug}/sign-up' },
  { method: 'GET', path: '/p/{tenant_slug}/apps/{application_id}/sign-in' },
  { method: 'POST', path: '/p/{tenant_slug}/apps/{application_id}/sign-in' },
  { method: 'GET', path: '/p/{tenant_slug}/apps/{application_id}/sign-in/second-factor' },
  { method: 'POST', path: '/p/{tenant_slug}/apps/{application_id}/sign-in/second-factor' },
];

/** Headers every request carries or may carry, mutated like any parameter. */
const COMMON_HEADERS = ['user-agent', 'accept-language', 'x-forwarded-for', 'origin', 'cookie'];

/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document is read as plain JSON */
type OpenApi = { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, any> } };

/** Every operation of the document, then every hosted page, each with a valid request built from its example or schema. */
export function operationsOf(doc: OpenApi, f: Fixtures): Operation[] {
  const table = examples(f);
  const schemas = new ResponseSchemas(doc);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const id = `${method.toUpperCase()} ${path}`;
      const params: any[] = op.parameters ?? [];
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const example = table[id] ?? {};
      const body = example.body ?? (schema ? fromSchema(schema, doc) : undefined);
      // The document says which operations only the deployment's root key may call (rootKey).
      const auth: Auth = op.security?.some((s: Record<string, unknown>) => 'rootKey' in s) ? 'root' : op.security?.length ? 'admin' : 'none';
      ops.push(build(id, path, example, body, body === undefined ? 'none' : 'json', auth, f, params, schemas.validatorOf(op.responses)));
    }
  }
  for (const { method, path } of HOSTED) {
    const id = `${method} ${path}`;
    const example = table[id] ?? {};
    ops.push(build(id, path, example, example.body ?? (method === 'POST' ? {} : undefined), method === 'POST' ? 'form' : 'none', 'none', f, [], () => []));
  }
  return ops;
}

function build(
  id: string, path: string, example: Example, body: unknown, bodyKind: Operation['bodyKind'], auth: Auth, f: Fixtures, params: any[],
  bodyProblems: Operation['bodyProblems'],
): Operation {
  const method = id.split(' ')[0];
  const pathParams = Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, pathValue(method, path, name, f)]));
  const query = { ...example.query };
  const queryNames = [...new Set([...params.filter((p) => p.in === 'query').map((p) => String(p.name)), ...Object.keys(query)])];
  const headers = { ...example.headers };
  const headerNames = [...new Set([...COMMON_HEADERS, ...params.filter((p) => p.in === 'header').map((p) => String(p.name).toLowerCase()), ...Object.keys(headers)])];
  const errorShape = path.startsWith('/api/web/') ? 'entrust' : path.startsWith('/compat/passage/') ? 'passage' : 'sesame';
  const page = path.startsWith('/l/') || path.startsWith('/p/');
  return { id, method, path, pathParams, query, queryNames, headers, headerNames, body, bodyKind, auth, errorShape, page, bodyProblems };
}

/** A plausible value of a schema: its example, default or first enum member, else a placeholder of its type. */
function fromSchema(schema: any, doc: OpenApi, depth = 0): unknown {
  if (schema.$ref) return fromSchema(doc.components?.schemas?.[String(schema.$ref).split('/').pop() ?? ''] ?? {}, doc, depth);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      if (depth > 3) return {};
      const required: string[] = schema.required ?? [];
      const props = Object.entries<any>(schema.properties ?? {}).filter(([name, p]) => required.includes(name) || p.example !== undefined || p.enum);
      return Object.fromEntries(props.map(([name, p]) => [name, fromSchema(p, doc, depth + 1)]));
    }
    case 'array':
      return [fromSchema(schema.items ?? {}, doc, depth + 1)];
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return 'fuzz';
  }
}
