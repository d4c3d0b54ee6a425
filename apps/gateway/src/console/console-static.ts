import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** `npm run build` writes the SPA (apps/console, Vite) to dist/apps/console, beside this process's dist/apps/gateway. */
export const CONSOLE_DIST = path.resolve(__dirname, '../../../console');

/**
 * The console's policy: its script is same-origin files only, never inline; nobody may frame the
 * console itself (clickjacking). Inline styles and https images are allowed because the template
 * preview is a sandboxed srcdoc frame, which inherits this policy, and an email is inline styles
 * and remote images by nature; with no script allowed inline, they cannot run anything.
 */
const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: https:", "frame-src 'self'",
  "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
].join('; ');

/**
 * Serves the built console at /console/ from the gateway's own origin. One origin is the point:
 * the session cookie can be SameSite=Strict and the API needs no CORS for it. The SPA routes with
 * the URL fragment, so every screen is /console/ itself and no fallback route is needed.
 */
export async function installConsole(fastify: FastifyInstance, logger: Logger, root = CONSOLE_DIST): Promise<void> {
  if (!existsSync(path.join(root, 'index.html'))) {
    logger.warn({ root }, 'console not built (npm run build): /console is not served');
    return;
  }
  fastify.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/console')) {
      void reply.header('content-security-policy', CONSOLE_CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    }
  });
  await fastify.register(fastifyStatic, { root, prefix: '/console/', redirect: true, index: ['index.html'], wildcard: true, decorateReply: false });
}
