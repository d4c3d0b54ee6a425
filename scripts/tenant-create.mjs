#!/usr/bin/env node
// `npm run tenant:create -- --name acme [--origin https://app.acme.com] [--redirect https://app.acme.com/auth/callback ...]`
// Creates a tenant through the running gateway and prints it, then, as the last line, the
// `export KEY=…` line the README's curl steps use: its first API key (scope admin), shown once.
// Without --redirect the tenant allows no redirects, and links asking for one are refused.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { devEnv } from './lib/dev-env.mjs';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    origin: { type: 'string', default: 'http://localhost:4000' },
    redirect: { type: 'string', multiple: true, default: [] },
    gateway: { type: 'string' },
  },
});
if (!values.name) {
  console.error('usage: npm run tenant:create -- --name acme [--origin URL] [--redirect URL ...] [--gateway URL]');
  process.exit(2);
}
const env = devEnv(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
const gateway = values.gateway ?? `http://localhost:${env.PORT}`;
const res = await fetch(`${gateway}/v1/tenants`, {
  method: 'POST',
  headers: { authorization: `Bearer ${env.SESAME_ROOT_API_KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify({ name: values.name, app_origin: values.origin, allowed_redirect_urls: values.redirect.length ? values.redirect : undefined }),
}).catch((err) => {
  console.error(`Cannot reach the gateway at ${gateway} (${err.cause?.code ?? err.message}): is \`npm start\` running?`);
  process.exit(1);
});
const body = await res.json();
if (!res.ok) {
  console.error(`${res.status} ${body.error?.code}: ${body.error?.message}`);
  process.exit(1);
}
const { api_key: apiKey, ...tenant } = body;
console.log(JSON.stringify(tenant, null, 2));
console.log('\n# Its API key, shown once; paste this line (or: eval "$(npm run -s tenant:create -- … | tail -1)"):');
console.log(`export KEY=${apiKey}`);
