import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Built into dist/apps/console, which the gateway serves at /console/ (apps/gateway/src/console/console-static.ts). */
export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [react()],
  resolve: { alias: { '@sesame/client': here('../../libs/client/src/index.ts') } },
  build: { outDir: here('../../dist/apps/console'), emptyOutDir: true, sourcemap: true },
});
