import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, registerDecorator, ValidateIf } from 'class-validator';
import { Secret } from './load-config';
import { parseRedisUrl } from './redis-url';

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

  /** One server, a Redis Cluster or a Sentinel-managed master: see redis-url.ts for the forms. */
  @Secret()
  @IsRedisUrl()
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

  // Tracing (docs/operations.md "Tracing"): the standard OpenTelemetry variables, validated here so
  // a typo fails the start instead of silently falling back. Off unless an OTLP endpoint is set.

  /** `true` turns tracing off whatever else is set. */
  @IsBoolean()
  OTEL_SDK_DISABLED = false;

  /** `otlp` (OTLP over HTTP with JSON bodies), or `none` for off. */
  @IsIn(['otlp', 'none'])
  OTEL_TRACES_EXPORTER = 'otlp';

  /** Base URL of an OTLP/HTTP receiver (a collector, Jaeger, Tempo); spans go to `<it>/v1/traces`. */
  @ValidateIf((c: CommonConfig) => c.OTEL_EXPORTER_OTLP_ENDPOINT !== '')
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s):// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT = '';

  /** Full URL for traces only (used as is, nothing appended); wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  @ValidateIf((c: CommonConfig) => c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== '')
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s):// URL' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = '';

  /** Headers for the receiver (`key=value,key2=value2`), e.g. an API key of a hosted backend. */
  @Secret()
  @IsString()
  OTEL_EXPORTER_OTLP_HEADERS = '';

  /** Overrides the process's own name (gateway, token-service, …) as `service.name`. */
  @IsString()
  OTEL_SERVICE_NAME = '';

  @IsIn(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
  OTEL_TRACES_SAMPLER = 'parentbased_always_on';

  /** The ratio (0 to 1) of the `traceidratio` samplers. */
  @ValidateIf((c: CommonConfig) => c.OTEL_TRACES_SAMPLER_ARG !== '')
  @Matches(/^(0(\.\d+)?|1(\.0+)?)$/, { message: 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1' })
  OTEL_TRACES_SAMPLER_ARG = '';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

/** REDIS_URL parses (redis-url.ts); the message says what is wrong with it, without the password. */
function IsRedisUrl(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRedisUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && redisUrlProblem(value) === null,
        defaultMessage: (args) => (typeof args?.value === 'string' ? redisUrlProblem(args.value) ?? '' : 'must be a string'),
      },
    });
}

function redisUrlProblem(url: string): string | null {
  try {
    parseRedisUrl(url);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
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
