import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Secret } from './load-config';

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;

/** Settings every process shares: where Postgres and Redis are, logging, identity. */
export class CommonConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Secret()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/sesame';

  @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 10;

  @Secret()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Every Redis key (RPC streams, BullMQ queues, caches) starts with this, so stacks can share a Redis. */
  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'REDIS_PREFIX must be 1-40 letters, digits, - or _' })
  REDIS_PREFIX = 'sesame';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * BullMQ job lock (lockDuration, also the stalled-job check interval): a job whose worker stops
   * renewing its lock this long (crashed, or event loop blocked) is run again by another worker.
   */
  @IsInt() @Min(1000) @Max(600_000)
  JOB_LOCK_MS = 30_000;

  /** Port of the process's /health and /metrics listener (the gateway serves them on PORT). */
  @IsInt() @Min(0) @Max(65535)
  HEALTH_PORT = 0;

  @IsOptional() @IsString()
  HEALTH_HOST = '127.0.0.1';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

/** Processes that hash tokens or open sealed data need the pepper list. */
export class PepperConfig extends CommonConfig {
  /**
   * Comma-separated `keyId:secret` pairs, newest first. New tokens are hashed with the first;
   * verification tries every entry, so a key can be rotated in without invalidating live links.
   */
  @Secret()
  @Transform(splitList)
  @Matches(/^[a-zA-Z0-9_-]{1,16}:.{32,}$/, {
    each: true,
    message: 'TOKEN_PEPPER must be comma-separated keyId:secret pairs, each secret at least 32 characters',
  })
  TOKEN_PEPPER: string[] = [];
}

export { splitList };
