#!/usr/bin/env node
// Applies committed migrations to DATABASE_URL (build first: npm run build). Safe to run repeatedly
// and concurrently: a Postgres advisory lock serialises migrators.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sesame';
const LOCK_ID = 727_365_001;

export async function migrate(databaseUrl = url) {
  const { runMigrations } = require(path.join(root, 'dist/libs/persistence/src/migrate.js'));
  const lock = new pg.Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    return await runMigrations(databaseUrl);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    await lock.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  migrate()
    .then((applied) => {
      console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database is up to date');
    })
    .catch((err) => {
      console.error(`migrate failed: ${err.message}`);
      process.exit(1);
    });
}
