/**
 * Every environment variable the test tooling reads, in one place (the services read theirs through
 * @sesame/config). Each is read when it is used, not when this module loads, so a runner may set
 * one before starting a stack (the fault suite raises SESAME_E2E_READY_MS). The defaults fit the
 * machine CI runs on: Postgres and Redis on loopback, the binaries on PATH.
 */
export const testEnv = {
  /** A Postgres superuser's URL: test databases are created and dropped through it. */
  get databaseAdminUrl(): string {
    return process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  },
  /** The shared Redis the suites use, each under a prefix of its own. */
  get redisUrl(): string {
    return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  },
  /** The redis-server and redis-cli binaries for tests that start Redis processes of their own. */
  get redisServer(): string {
    return process.env.REDIS_SERVER ?? 'redis-server';
  },
  get redisCli(): string {
    return process.env.REDIS_CLI ?? 'redis-cli';
  },
  /** Where the compiled processes are (`npm run build`); undefined: the repository's dist/. */
  get distDir(): string | undefined {
    return process.env.SESAME_DIST_DIR;
  },
  /** How long a stack process may take to be ready; a loaded machine may need longer. */
  get readyTimeoutMs(): number {
    return Number(process.env.SESAME_E2E_READY_MS ?? 60_000);
  },
  /** Keep the stack's log files even when every test passed (they are kept after a failure). */
  get keepLogs(): boolean {
    return process.env.SESAME_E2E_KEEP_LOGS === '1';
  },
  /** What a spawned process inherits besides the env it is given: enough to find binaries and a home. */
  get inherited(): { PATH: string; HOME: string } {
    return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  },
};
