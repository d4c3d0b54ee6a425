import fs from 'node:fs';
import path from 'node:path';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DECORATORS, OpenAPIObject } from '@nestjs/swagger';
import pino from 'pino';
import { GatewayConfig, loadConfig } from '@sesame/config';
import { readEventSchemas } from '@sesame/queue-contracts';
import { GatewayModule } from '../gateway.module';
import { buildOpenApiDocument } from './build-openapi-document';
import { EXPORTED_SERVERS, serializeOpenApi } from './exported-document';
import { createPreviewApp } from './preview-app';

type Cls = new (...args: never[]) => unknown;
interface Route { method: string; path: string; where: string }

/** Every route the gateway's controllers register, except those excluded from the document (pages, health). */
function documentedRoutes(): Route[] {
  const config = loadConfig(GatewayConfig, { NODE_ENV: 'production', SESAME_ROOT_API_KEY: 'r'.repeat(40), TOKEN_PEPPER: `k1:${'p'.repeat(40)}` });
  const controllers = (GatewayModule.forRoot(config, pino({ enabled: false })).controllers ?? []) as Cls[];
  return controllers
    .filter((cls) => !Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, cls)?.[0])
    .flatMap((cls) => Object.getOwnPropertyNames(cls.prototype).flatMap((name) => {
      const handler = Object.getOwnPropertyDescriptor(cls.prototype, name)?.value;
      if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) return [];
      if (Reflect.getMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, handler)?.disable) return [];
      const joined = ['', Reflect.getMetadata(PATH_METADATA, cls), Reflect.getMetadata(PATH_METADATA, handler)].join('/');
      const openApiPath = joined.replace(/\/+/g, '/').replace(/\/$/, '').replace(/:(\w+)/g, '{$1}');
      return [{ method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase(), path: openApiPath, where: `${cls.name}.${name}` }];
    }));
}

describe('the OpenAPI document', () => {
  let app: INestApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await createPreviewApp();
    document = buildOpenApiDocument(app, EXPORTED_SERVERS);
  });
  afterAll(() => app.close());

  it('is OpenAPI 3.1 with the API key and root key schemes, neither called a JWT', () => {
    expect(document.openapi).toBe('3.1.0');
    const schemes = document.components?.securitySchemes ?? {};
    expect(Object.keys(schemes).sort()).toEqual(['apiKey', 'rootKey']);
    for (const scheme of Object.values(schemes)) {
      expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(scheme).not.toHaveProperty('bearerFormat');
    }
  });

  it('describes every documented route: a 2xx with a schema, its errors, its path parameters, its scope', () => {
    const routes = documentedRoutes();
    expect(routes.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const route of routes) {
      const op = document.paths[route.path]?.[route.method as 'get'];
      if (!op) {
        problems.push(`${route.where}: ${route.method.toUpperCase()} ${route.path} is not in the document`);
        continue;
      }
      const responses = op.responses as Record<string, { content?: Record<string, { schema?: unknown }> }>;
      const ok = Object.keys(responses).filter((status) => status.startsWith('2'));
      if (ok.length === 0) problems.push(`${route.where}: no 2xx response`);
      for (const status of ok.filter((s) => s !== '204')) {
        if (!Object.values(responses[status].content ?? {}).some((media) => media.schema)) problems.push(`${route.where}: ${status} has no schema`);
      }
      const errors = Object.keys(responses).filter((status) => /^[45]/.test(status));
      if (errors.length === 0) problems.push(`${route.where}: no error responses`);
      for (const status of errors) {
        if (!Object.values(responses[status].content ?? {}).some((media) => media.schema)) problems.push(`${route.where}: ${status} has no schema`);
      }
      const declared = new Set((op.parameters ?? []).filter((p) => 'in' in p && p.in === 'path').map((p) => ('name' in p ? p.name : '')));
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) if (!declared.has(name)) problems.push(`${route.where}: path parameter ${name} undeclared`);
      if (!op.summary) problems.push(`${route.where}: no summary`);
      const scopes = (op as { 'x-required-scopes'?: string[] })['x-required-scopes'];
      const apiKey = op.security?.find((req) => 'apiKey' in req);
      if (apiKey && (!scopes?.length || JSON.stringify(apiKey.apiKey) !== JSON.stringify(scopes))) problems.push(`${route.where}: scopes not named`);
    }
    expect(problems).toEqual([]);
  });

  it('names operations after their resource and method', () => {
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => (op as { operationId?: string }).operationId));
    expect(ids).toContain('magicLinks.create');
    expect(ids).toContain('users.list');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every webhook event of docs/events with its schema', () => {
    const types = [...readEventSchemas().keys()];
    expect(Object.keys(document.webhooks ?? {}).sort()).toEqual(types.sort());
    expect(document.components?.schemas?.Event_magiclink_created).toMatchObject({ properties: { type: { const: 'magiclink.created' } } });
  });

  it('matches the checked-in libs/client/openapi.json (after a change, run `npm run client:generate`)', () => {
    const checkedIn = fs.readFileSync(path.join(__dirname, '../../../../libs/client/openapi.json'), 'utf8');
    expect(serializeOpenApi(document) === checkedIn ? 'up to date' : 'stale: run `npm run client:generate` and commit the result').toBe('up to date');
  });
});
