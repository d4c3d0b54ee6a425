import { Sesame } from '@sesame/client';
import { createSignInApp } from './sign-in-app';

// SESAME_API_KEY (scopes magic_links:add and magic_links:view), SESAME_BASE_URL (the gateway),
// PORT and HOST where this app listens, PUBLIC_URL where browsers reach it.
const { SESAME_API_KEY, SESAME_BASE_URL, PORT = '4000', HOST = '127.0.0.1' } = process.env;
if (!SESAME_API_KEY || !SESAME_BASE_URL) {
  process.stderr.write('Set SESAME_API_KEY and SESAME_BASE_URL\n');
  process.exit(1);
}
const publicUrl = process.env.PUBLIC_URL ?? `http://${HOST}:${PORT}`;

const server = createSignInApp({ sesame: new Sesame({ apiKey: SESAME_API_KEY, baseUrl: SESAME_BASE_URL }), publicUrl });
server.listen(Number(PORT), HOST, () => process.stdout.write(`listening on ${publicUrl}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
