import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** Longest wait for a free pooled connection before the query fails (default 5000). */
  acquireTimeoutMs?: number;
}

/** The one way to open Postgres. Schema changes come only from committed migrations. */
export function createDataSource({ url, poolSize = 10, applicationName = 'sesame', acquireTimeoutMs = 5000 }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName,
    poolSize,
    extra: { max: poolSize, connectionTimeoutMillis: acquireTimeoutMs, idleTimeoutMillis: 30_000, onConnect: keepErrorsOffTheProcess },
  });
}

/**
 * pg-pool listens for a connection's 'error' only while the connection is idle, and TypeORM adds
 * no listener while it holds one. So when Postgres terminates a connection that is checked out but
 * has no statement running (a transaction awaiting Redis between two statements, or a restart of
 * Postgres at that moment), the 'error' event has no listener and Node ends the process. With this
 * listener the error stays with the connection: its next statement fails (the caller's transaction
 * rolls back and reports it), and the pool discards it on release because it is no longer queryable.
 */
function keepErrorsOffTheProcess(client: PoolClient): void {
  client.on('error', () => undefined);
}

/**
 * Opens a data source, trying again while Postgres is unreachable or too slow to accept a
 * connection (it is restarting, or the machine is loaded) until `waitMs` has passed: a process
 * started a moment before its database, or beside a busy one, comes up instead of exiting.
 * Any other error (bad credentials, unknown database) fails at once.
 */
export async function openDataSource(options: DataSourceOptions, waitMs = 30_000): Promise<DataSource> {
  const deadline = Date.now() + waitMs;
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 2000)) {
    try {
      return await createDataSource(options).initialize();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() + delayMs > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/**
 * SQL TypeORM would still need to make the database match the entities. Empty after migrations
 * means the committed migrations and the entities agree (the CI schema-drift probe).
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}
