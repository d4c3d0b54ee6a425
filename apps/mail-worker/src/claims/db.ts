import type { EntityManager } from 'typeorm';

/** A DataSource or a transaction's EntityManager. */
export type Db = Pick<EntityManager, 'query'>;
