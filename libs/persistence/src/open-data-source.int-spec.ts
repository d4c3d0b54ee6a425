import { createServer, Server, Socket } from 'node:net';
import type { Pool } from 'pg';
import { openDataSource } from './data-source';
import { createTestDatabase, TestDatabase } from '@sesame/testing';

/** A TCP port that accepts connections and then says nothing: a Postgres too busy to answer. */
async function silentServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  let count = 0;
  const server: Server = createServer((s) => { count++; sockets.push(s); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    connections: () => count,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

describe('openDataSource (real Postgres)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('opends');
  });
  afterAll(() => db.drop());

  it('opens a reachable database', async () => {
    const ds = await openDataSource({ url: db.url, poolSize: 1 });
    try {
      expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await ds.destroy();
    }
  });

  it('keeps trying while the server does not answer, then gives up with the connection error', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const err = await openDataSource({ url: `postgres://postgres@127.0.0.1:${silent.port}/test`, poolSize: 1, acquireTimeoutMs: 300 }, 2500)
        .catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/timeout|terminated/i);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
      expect(silent.connections()).toBeGreaterThan(1);
    } finally {
      await silent.close();
    }
  });

  it('fails at once when the database itself is wrong (no retry can fix it)', async () => {
    const started = Date.now();
    const err = await openDataSource({ url: db.url.replace(/\/[^/]+$/, '/no_such_database_here'), poolSize: 1 }, 10_000).catch((e: unknown) => e as Error);
    expect((err as Error).message).toMatch(/does not exist/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('survives Postgres terminating a checked-out connection that has no statement running', async () => {
    const ds = await openDataSource({ url: db.url, poolSize: 2 });
    try {
      // Checked out, pg-pool's idle listener is off the connection. TypeORM's query runner adds its
      // own only a microtask after the pool hands it over, so a FATAL read in the same chunk as
      // the previous ReadyForQuery lands exactly here; a raw checkout holds that state still.
      const pool = (ds.driver as unknown as { master: Pool }).master;
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await ds.query('SELECT pg_terminate_backend($1)', [rows[0].pid]); // what a Postgres restart does to every backend
      await new Promise((resolve) => setTimeout(resolve, 200)); // the FATAL arrives while no statement runs
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
      expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]); // the pool replaced the dead connection
    } finally {
      await ds.destroy();
    }
  });
});
