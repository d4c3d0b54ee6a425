import { Client } from 'pg';
import { createTestDatabase } from './test-database';

/** One node of a plan that reads a table: how, and through which index. */
export interface TableAccess {
  relation: string;
  nodeType: string;
  index: string | null;
}

/**
 * The generic plan of `sql` as a prepared statement keeps it once Postgres stops planning per
 * execution (after five runs): the plan every later call of a hot statement runs, whatever its
 * parameters. A statement is planned without its values, so a plan test can assert it starts at a
 * unique index no matter what the table statistics say.
 */
export async function genericPlanAccesses(client: Client, sql: string): Promise<TableAccess[]> {
  const params = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  const name = `generic_plan_${Math.random().toString(36).slice(2, 10)}`;
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE ${name} AS ${sql}`);
    const args = params > 0 ? `(${Array(params).fill('NULL').join(', ')})` : '';
    return accessesOf((await client.query(`EXPLAIN (FORMAT JSON) EXECUTE ${name}${args}`)).rows);
  } finally {
    await client.query('ROLLBACK');
  }
}

/**
 * How Postgres planned `runs` executions of `sql` as a named prepared statement with these values:
 * after five custom plans it keeps the generic one only if that one's estimated cost is no worse,
 * otherwise it plans every execution again (planning a statement of several CTEs costs more than
 * running it). A hot statement must end with generic plans.
 */
export async function planChoices(client: Client, sql: string, values: unknown[], runs = 10): Promise<{ generic: number; custom: number }> {
  const name = `plan_choices_${Math.random().toString(36).slice(2, 10)}`;
  await client.query('BEGIN');
  try {
    for (let i = 0; i < runs; i++) await client.query({ name, text: sql, values });
    const { rows } = await client.query<{ generic_plans: string; custom_plans: string }>('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [name]);
    return { generic: Number(rows[0].generic_plans), custom: Number(rows[0].custom_plans) };
  } finally {
    await client.query('ROLLBACK');
    await client.query(`DEALLOCATE ${name}`);
  }
}

/** The plan of a statement that is not prepared: planned for these values, as each execution is. */
export async function planAccesses(client: Client, sql: string, values: unknown[]): Promise<TableAccess[]> {
  return accessesOf((await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, values)).rows);
}

function accessesOf(rows: Record<string, unknown>[]): TableAccess[] {
  const accesses: TableAccess[] = [];
  const walk = (node: Record<string, unknown>) => {
    const children = (node.Plans as Record<string, unknown>[] | undefined) ?? [];
    if (typeof node['Relation Name'] === 'string' && String(node['Node Type']).includes('Scan')) {
      // A bitmap heap scan names its table; the bitmap index scan under it names the index.
      const index = node['Index Name'] ?? children.find((c) => c['Node Type'] === 'Bitmap Index Scan')?.['Index Name'];
      accesses.push({ relation: node['Relation Name'], nodeType: String(node['Node Type']), index: typeof index === 'string' ? index : null });
    }
    for (const child of children) walk(child);
  };
  walk((rows[0]['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0].Plan);
  return accesses;
}

/** Ids of the young tenant's rows: `youngTenantIds.delivery(7)` is its 7th delivery. */
export const youngTenantIds = {
  tenant: '00000000-0000-4000-8000-000000000001',
  /** Another tenant, holding the row numbered 0 (`analysedEarly`). */
  other: '00000000-0000-4000-8000-000000000002',
  user: (i: number) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
  link: (i: number) => `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`,
  delivery: (i: number) => `00000000-0000-4000-b000-${String(i).padStart(12, '0')}`,
};

/** A young tenant's database (see seedYoungTenant below) and a client connected to it. */
export interface YoungTenantDatabase {
  client: Client;
  stop(): Promise<void>;
}

/**
 * How the young tenant's statistics stand: never analysed (the default), or `analysedEarly`:
 * Postgres analysed the tables when they held one row of this tenant and one of another, and they
 * grew since. Then every tenant_id looks unique to the planner, so "all of a tenant's rows" is
 * estimated at one. That is what a deployment's first minute can leave (autovacuum visits a
 * database about once a minute); the fault suite met it with its probe tenant beside the main one.
 */
export interface YoungTenantOptions {
  deliveries?: boolean;
  analysedEarly?: boolean;
}

/** A fresh database holding one young tenant of `n` rows, for a suite that asserts plans on it. */
export async function startYoungTenantDatabase(label: string, n: number, opts: YoungTenantOptions = {}): Promise<YoungTenantDatabase> {
  const db = await createTestDatabase(label);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await seedYoungTenant(client, n, opts);
  return {
    client,
    stop: async () => {
      await client.end();
      await db.drop();
    },
  };
}

/**
 * A database as the planner sees it in a tenant's first minute: one tenant with `n` users, links
 * and (with `deliveries`) mail deliveries, never analysed or analysed while small (`analysedAt`),
 * with autovacuum off for these tables, so no analyse comes in between.
 */
async function seedYoungTenant(client: Client, n: number, opts: YoungTenantOptions): Promise<void> {
  const tables = ['users', 'magic_links', ...(opts.deliveries ? ['mail_deliveries'] : [])];
  for (const table of tables) await client.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  await client.query(`INSERT INTO tenants (id, name, slug, policy) VALUES ($1, 'Young', 'young', '{}'), ($2, 'Other', 'other', '{}')`, [
    youngTenantIds.tenant, youngTenantIds.other,
  ]);
  if (opts.analysedEarly) {
    await seedRows(client, youngTenantIds.other, 0, 0, opts);
    await seedRows(client, youngTenantIds.tenant, 1, 1, opts);
    for (const table of tables) await client.query(`ANALYZE ${table}`);
  }
  await seedRows(client, youngTenantIds.tenant, opts.analysedEarly ? 2 : 1, n, opts);
}

/** A tenant's users, links and (with `deliveries`) deliveries numbered `from` to `to`, one of each per number. */
async function seedRows(client: Client, tenantId: string, from: number, to: number, opts: YoungTenantOptions): Promise<void> {
  if (from > to) return;
  const id = (prefix: string) => `('00000000-0000-4000-${prefix}-' || lpad(i::text, 12, '0'))::uuid`;
  const values = [tenantId, from, to];
  await client.query(`INSERT INTO users (id, tenant_id, email) SELECT ${id('9000')}, $1, 'u' || i || '@example.com' FROM generate_series($2::int, $3::int) i`, values);
  await client.query(
    `INSERT INTO magic_links (id, tenant_id, user_id, type, token_hash, expires_at)
     SELECT ${id('a000')}, $1, ${id('9000')}, 'login', sha256(i::text::bytea), now() + interval '10 minutes' FROM generate_series($2::int, $3::int) i`,
    values,
  );
  if (opts.deliveries) {
    await client.query(
      `INSERT INTO mail_deliveries (id, tenant_id, link_id, to_address) SELECT ${id('b000')}, $1, ${id('a000')}, 'u' || i || '@example.com' FROM generate_series($2::int, $3::int) i`,
      values,
    );
  }
}
