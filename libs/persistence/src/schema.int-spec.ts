import { createDataSource, pendingSchemaChanges } from './data-source';
import { createTestDatabase, TestDatabase } from '@sesame/testing';

describe('committed migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('schema');
  });
  afterAll(() => db.drop());

  it('leave nothing for TypeORM to generate (no schema drift between entities and migrations)', async () => {
    const ds = createDataSource({ url: db.url, poolSize: 1 });
    await ds.initialize();
    try {
      expect(await pendingSchemaChanges(ds)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('install the outbox NOTIFY trigger', async () => {
    const ds = createDataSource({ url: db.url, poolSize: 1 });
    await ds.initialize();
    try {
      const rows = await ds.query(`SELECT tgname FROM pg_trigger WHERE tgname = 'outbox_notify'`);
      expect(rows).toHaveLength(1);
    } finally {
      await ds.destroy();
    }
  });
});
