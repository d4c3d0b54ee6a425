import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { CommonConfig, PepperConfig, splitList } from './common.config';
import { Secret } from './load-config';

export class GatewayConfig extends PepperConfig {
  @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Origin end users reach the gateway at; links in emails are `<PUBLIC_BASE_URL>/l/<token>`. */
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PUBLIC_BASE_URL must be an origin like https://auth.example.com (no path, no trailing slash)' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Bearer key for operator endpoints such as POST /v1/tenants. */
  @Secret()
  @MinLength(32, { message: 'SESAME_ROOT_API_KEY must be at least 32 characters' })
  SESAME_ROOT_API_KEY = '';

  @IsInt() @Min(100) @Max(60_000)
  RPC_TIMEOUT_MS = 5000;

  /** How long a resolved API key is trusted without asking token-service again. */
  @IsInt() @Min(0) @Max(60_000)
  API_KEY_CACHE_MS = 5000;

  @IsInt() @Min(1024) @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 64 * 1024;

  /** On SIGTERM: how long readiness says 503 and answers close their connections before the server closes. */
  @IsInt() @Min(0) @Max(60_000)
  SHUTDOWN_DRAIN_MS = 1000;
}

export class TokenServiceConfig extends PepperConfig {
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PUBLIC_BASE_URL must be an origin like https://auth.example.com' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @IsInt() @Min(1) @Max(1000)
  RPC_CONCURRENCY = 64;

  /** Relay fallback poll; LISTEN/NOTIFY wakes it immediately on commit. */
  @IsInt() @Min(10) @Max(60_000)
  OUTBOX_POLL_MS = 1000;

  @IsInt() @Min(1) @Max(5000)
  OUTBOX_BATCH_SIZE = 500;

  /** Longest wait for a free database connection; then the request fails fast with 503 (under RPC_TIMEOUT_MS). */
  @IsInt() @Min(100) @Max(60_000)
  DB_ACQUIRE_TIMEOUT_MS = 2000;
}

export class MailWorkerConfig extends PepperConfig {
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PUBLIC_BASE_URL must be an origin like https://auth.example.com' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @IsIn(['outbox', 'sendgrid'])
  MAIL_TRANSPORT = 'outbox';

  @IsString() @MinLength(3)
  MAIL_FROM = 'Sesame <no-reply@sesame.local>';

  /** Required when MAIL_TRANSPORT=sendgrid. */
  @Secret()
  @ValidateIf((c: MailWorkerConfig) => c.MAIL_TRANSPORT === 'sendgrid')
  @IsString() @IsNotEmpty({ message: 'SENDGRID_API_KEY is required when MAIL_TRANSPORT=sendgrid' })
  SENDGRID_API_KEY = '';

  /** Override for tests and proxies; the real client is used either way. */
  @ValidateIf((c: MailWorkerConfig) => c.SENDGRID_BASE_URL !== '')
  @Matches(/^https?:\/\//, { message: 'SENDGRID_BASE_URL must be an http(s) URL' })
  SENDGRID_BASE_URL = '';

  /** Per provider request; kept well under SEND_CLAIM_TIMEOUT_MS. */
  @IsInt() @Min(1000) @Max(30_000)
  SENDGRID_TIMEOUT_MS = 10_000;

  /**
   * A send claimed ('sending') longer ago than this is presumed abandoned by a crashed worker and
   * may be claimed again. Keep it well above SENDGRID_TIMEOUT_MS, so a live send is never duplicated.
   */
  @IsInt() @Min(5000) @Max(3_600_000)
  SEND_CLAIM_TIMEOUT_MS = 120_000;

  @IsInt() @Min(1) @Max(200)
  MAIL_CONCURRENCY = 16;

  /**
   * TEST ONLY (the fault suite, faults/): when > 0, SIGUSR2 makes the next claimed send block the
   * event loop this long before calling the provider. 0 (default) installs nothing.
   */
  @IsInt() @Min(0) @Max(600_000)
  FAULT_BLOCK_LOOP_MS = 0;
}

export class SchedulerConfig extends CommonConfig {
  @IsInt() @Min(500) @Max(3_600_000)
  PURGE_INTERVAL_MS = 60_000;

  @IsInt() @Min(1) @Max(100_000)
  PURGE_BATCH_SIZE = 5000;

  /** Pause between delete batches, so a large backlog never holds locks or I/O for long. */
  @IsInt() @Min(0) @Max(10_000)
  PURGE_PAUSE_MS = 20;
}

export class WebhookDispatcherConfig extends PepperConfig {
  /**
   * Hosts, IPs or CIDRs that webhook deliveries may reach even though they are private or loopback
   * (e.g. `127.0.0.1,10.0.0.0/8,hooks.internal`). Empty: only public addresses.
   */
  @Transform(splitList)
  @IsString({ each: true })
  WEBHOOK_ALLOWED_TARGETS: string[] = [];

  @IsInt() @Min(1000) @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 15_000;

  @IsInt() @Min(1) @Max(200)
  WEBHOOK_CONCURRENCY = 16;
}

export { CommonConfig, PepperConfig };
export { Secret };
