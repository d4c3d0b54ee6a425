import { Client } from 'pg';
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

  it('notify the relay when outbox rows are inserted, not for an insert of none', async () => {
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const notified: string[] = [];
    listener.on('notification', (n) => notified.push(n.channel));
    const insert = (where: string) =>
      listener.query(`INSERT INTO outbox (queue, job_name, payload) SELECT 'webhooks', 'fan-out', '{}'::jsonb WHERE ${where}`);
    try {
      await listener.query('LISTEN sesame_outbox');
      await insert('false'); // an event nobody subscribes to: the statement runs, inserts nothing
      await listener.query('SELECT 1'); // a notification would have arrived before this answer
      expect(notified).toEqual([]);
      await insert('true');
      await listener.query('SELECT 1');
      expect(notified).toEqual(['sesame_outbox']);
    } finally {
      await listener.end();
    }
  });
});
