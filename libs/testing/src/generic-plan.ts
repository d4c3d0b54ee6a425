import type { Client } from 'pg';

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
