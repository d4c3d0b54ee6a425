import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** The one way to open Postgres. Schema changes come only from committed migrations. */
export function createDataSource({ url, poolSize = 10, applicationName = 'sesame' }: DataSourceOptions): DataSource {
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
    extra: { max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 },
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
