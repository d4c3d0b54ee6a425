import { execFile } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@sesame/testing';

const run = promisify(execFile);

/**
 * A Postgres cluster of the suite's own (initdb + pg_ctl in a temp dir, on a free loopback port),
 * so the "Postgres restarted" fault restarts nobody else's database. initdb refuses to run as
 * root, so as root the cluster belongs to the `postgres` user and commands run through runuser.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
    private readonly asUser: string | null,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const bin = postgresBinDir();
    const asUser = userInfo().uid === 0 ? 'postgres' : null;
    const dir = mkdtempSync(join(tmpdir(), 'sesame-faults-pg-'));
    if (asUser) chownSync(dir, Number((await run('id', ['-u', asUser])).stdout.trim()), Number((await run('id', ['-g', asUser])).stdout.trim()));
    const pg = new PrivatePostgres(await freePort(), dir, bin, asUser);
    await pg.exec('initdb', ['-D', pg.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await pg.ctl('start');
    return pg;
  }

  /** Admin URL (database `postgres`) for createTestDatabase. */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** pg_ctl stop -m fast: every connection is terminated (as in a restart or a failover). */
  stop(): Promise<void> {
    return this.ctl('stop', ['-m', 'fast']);
  }

  start(): Promise<void> {
    return this.ctl('start');
  }

  /** Stops the cluster and deletes it; `keepLogAs`: its server log is copied there first (a failed run). */
  async destroy(keepLogAs?: string): Promise<void> {
    await this.ctl('stop', ['-m', 'immediate']).catch(() => undefined);
    if (keepLogAs && existsSync(join(this.dir, 'server.log'))) copyFileSync(join(this.dir, 'server.log'), keepLogAs);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private ctl(action: string, extra: string[] = []): Promise<void> {
    // Lock waits past a second and statements past two (with their plans, where the server has
    // auto_explain) are logged: a failed run's server log, kept beside the process logs, then says
    // where a stall in the pipeline came from.
    const plans = existsSync(join(this.bin, '..', 'lib', 'auto_explain.so'))
      ? ' -c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=2000'
      : '';
    const logging = `-c log_lock_waits=on -c deadlock_timeout=1s -c log_min_duration_statement=2000${plans}`;
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200 ${logging}`;
    return this.exec('pg_ctl', ['-D', this.dataDir, '-w', '-t', '30', '-l', join(this.dir, 'server.log'), '-o', options, action, ...extra]);
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const path = join(this.bin, tool);
    const [cmd, argv] = this.asUser ? ['runuser', ['-u', this.asUser, '--', path, ...args]] : [path, args];
    await run(cmd, argv, { timeout: 60_000 });
  }
}

/** Debian keeps initdb and pg_ctl out of PATH, under /usr/lib/postgresql/<major>/bin: take the newest. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (majors.length === 0) throw new Error('initdb not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)');
  majors.sort((a, b) => Number(b) - Number(a));
  return join(root, majors[0], 'bin');
}
