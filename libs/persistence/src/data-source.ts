import { DataSource } from 'typeorm';
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
    extra: { max: poolSize, connectionTimeoutMillis: acquireTimeoutMs, idleTimeoutMillis: 30_000 },
  });
}

/**
 * SQL TypeORM would still need to make the database match the entities. Empty after migrations
 * means the committed migrations and the entities agree (the CI schema-drift probe).
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}
