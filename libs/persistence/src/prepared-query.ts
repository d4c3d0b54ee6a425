import type { Pool, QueryResultRow } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a hot-path statement as a named prepared statement on the data source's pg pool: Postgres
 * parses it once per connection and can reuse its plan, where TypeORM's `query` sends an unnamed
 * statement that is parsed and planned on every call. Inside a transaction, pass the transaction's
 * EntityManager instead; it runs there (unprepared) so the statement joins that transaction.
 */
export async function preparedQuery<T extends QueryResultRow>(
  db: DataSource | Pick<EntityManager, 'query'>,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  if (!isDataSource(db)) return db.query(text, values);
  const pool = (db.driver as unknown as { master: Pool }).master;
  const result = await pool.query<T>({ name, text, values });
  return result.rows;
}

function isDataSource(db: unknown): db is DataSource {
  return typeof db === 'object' && db !== null && 'driver' in db && 'isInitialized' in db;
}
