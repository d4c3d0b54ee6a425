import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MIGRATIONS, runMigrations } from '@sesame/persistence';
import { testEnv } from './test-env';


export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test suite, so suites can run in parallel. It is a
 * copy of a template migrated once per set of migrations (a copy takes ~0.1 s where running every
 * migration takes ~0.7–1.7 s, and the suite creates a database for each stack and integration spec).
 */
export async function createTestDatabase(label = 'suite', adminUrl = testEnv.databaseAdminUrl): Promise<TestDatabase> {
  const name = `sesame_t_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  try {
    await admin(adminUrl, async (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${await migratedTemplate(adminUrl)}`));
  } catch (err) {
    // Another checkout with other migrations replaced the template this process remembered.
    if ((err as { code?: string }).code !== INVALID_CATALOG_NAME) throw err;
    templates.delete(adminUrl);
    await admin(adminUrl, async (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${await migratedTemplate(adminUrl)}`));
  }
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () => admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

const INVALID_CATALOG_NAME = '3D000';
const TEMPLATE_PREFIX = 'sesame_tpl_';
/** Serialises template builds across processes (jest workers, parallel runs) on one server. */
const TEMPLATE_LOCK = 0x5e5a3e;
const templates = new Map<string, Promise<string>>();

function migratedTemplate(adminUrl: string): Promise<string> {
  let template = templates.get(adminUrl);
  if (!template) {
    template = buildTemplate(adminUrl);
    templates.set(adminUrl, template);
    template.catch(() => templates.delete(adminUrl));
  }
  return template;
}

/**
 * The template for the current migrations, named by a digest of their names and code so a changed
 * migration gets a new one. Built under a name of its own and renamed when complete, so no copy is
 * ever taken of a half-migrated template; templates of other migration sets are dropped then
 * (DROP DATABASE waits for copies in progress, and a process that remembered one rebuilds it).
 */
async function buildTemplate(adminUrl: string): Promise<string> {
  const digest = createHash('sha256').update(MIGRATIONS.map((m) => `${m.name}\n${m.prototype.up.toString()}`).join('\n')).digest('hex');
  const name = `${TEMPLATE_PREFIX}${digest.slice(0, 16)}`;
  return admin(adminUrl, async (c) => {
    await c.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const existing = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (existing.rowCount) return name;
      const building = `${name}_${randomBytes(3).toString('hex')}`;
      await c.query(`CREATE DATABASE ${building}`);
      try {
        await runMigrations(withDatabase(adminUrl, building));
      } catch (err) {
        await c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        throw err;
      }
      await c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      const stale = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> $2`, [TEMPLATE_PREFIX, name]);
      for (const { datname } of stale.rows) await c.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
      return name;
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}

async function admin<T>(adminUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
