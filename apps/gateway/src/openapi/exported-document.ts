import type { OpenAPIObject } from '@nestjs/swagger';
import type { OpenApiServer } from './build-openapi-document';

/** The checked-in document names no deployment: a gateway started with `npm start` answers here. */
export const EXPORTED_SERVERS: OpenApiServer[] = [{ url: 'http://localhost:3000', description: 'A local gateway (`npm start`); use your PUBLIC_BASE_URL' }];

/** libs/client/openapi.json's exact text, so the drift test compares strings the export writes. */
export function serializeOpenApi(document: OpenAPIObject): string {
  return JSON.stringify(document, null, 2) + '\n';
}
