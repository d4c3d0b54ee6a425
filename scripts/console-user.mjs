#!/usr/bin/env node
// `npm run console:user -- --tenant acme --email ada@acme.com [--role admin|viewer] [--gateway URL]`
// Adds a console user to a tenant through the running gateway (root key); they sign in at /console.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { devEnv } from './lib/dev-env.mjs';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', default: 'admin' },
    gateway: { type: 'string' },
  },
});
if (!values.tenant || !values.email) {
  console.error('usage: npm run console:user -- --tenant <slug> --email <address> [--role admin|viewer] [--gateway URL]');
  process.exit(2);
}
const env = devEnv(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
const gateway = values.gateway ?? `http://localhost:${env.PORT}`;
const headers = { authorization: `Bearer ${env.SESAME_ROOT_API_KEY}`, 'content-type': 'application/json' };

async function call(method, urlPath, body) {
  const res = await fetch(`${gateway}${urlPath}`, { method, headers, body: body && JSON.stringify(body) }).catch((err) => {
    console.error(`Cannot reach the gateway at ${gateway} (${err.cause?.code ?? err.message}): is \`npm start\` running?`);
    process.exit(1);
  });
  const json = await res.json();
  if (!res.ok) {
    console.error(`${res.status} ${json.error?.code}: ${json.error?.message}`);
    process.exit(1);
  }
  return json;
}

// The operator API searches tenants by name or slug; the slug must match exactly.
const found = await call('GET', `/v1/tenants?q=${encodeURIComponent(values.tenant)}&limit=100`);
const tenant = found.data.find((t) => t.slug === values.tenant);
if (!tenant) {
  console.error(`No tenant with the slug ${values.tenant}`);
  process.exit(1);
}
const user = await call('POST', `/v1/tenants/${tenant.id}/console-users`, { email: values.email, role: values.role });
console.log(JSON.stringify(user, null, 2));
console.log(`\n${user.email} can sign in at ${gateway}/console/ (tenant ${tenant.slug}).`);
