import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from './build-openapi-document';
import { EXPORTED_SERVERS, serializeOpenApi } from './exported-document';
import { createPreviewApp } from './preview-app';

/** `npm run openapi:export [file]`: writes the document (default libs/client/openapi.json) without Postgres or Redis. */
async function main(): Promise<void> {
  const target = path.resolve(process.argv[2] ?? 'libs/client/openapi.json');
  const app = await createPreviewApp();
  const document = buildOpenApiDocument(app, EXPORTED_SERVERS);
  await app.close();
  fs.writeFileSync(target, serializeOpenApi(document));
  process.stdout.write(`openapi: wrote ${path.relative(process.cwd(), target)} (${Object.keys(document.paths).length} paths)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`openapi: export failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
