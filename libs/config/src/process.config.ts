import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
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

  /** As for the webhook-dispatcher: registration refuses the same targets delivery would. */
  @Transform(splitList)
  @IsString({ each: true })
  WEBHOOK_ALLOWED_TARGETS: string[] = [];
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
   * may be claimed again. Longer than any provider call, so a live send is never duplicated.
   */
  @IsInt() @Min(60_000) @Max(3_600_000)
  SEND_CLAIM_TIMEOUT_MS = 120_000;

  @IsInt() @Min(1) @Max(200)
  MAIL_CONCURRENCY = 16;
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

  /** One deadline per attempt for DNS, connect, response headers and the start of the body. */
  @IsInt() @Min(100) @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 15_000;

  /** Attempts in flight per process (HTTP waits mostly, so this can be high). */
  @IsInt() @Min(1) @Max(1000)
  WEBHOOK_CONCURRENCY = 64;

  /** Attempts in flight per endpoint across every replica, so a slow receiver cannot take every slot. */
  @IsInt() @Min(1) @Max(1000)
  WEBHOOK_ENDPOINT_CONCURRENCY = 8;

  /** Waits before each retry (`5s,5m,…`, units ms s m h d); tests compress it. One attempt more than entries. */
  @Matches(/^\s*\d+(ms|s|m|h|d)\s*(,\s*\d+(ms|s|m|h|d)\s*){0,49}$/, { message: 'WEBHOOK_RETRY_SCHEDULE must be comma-separated delays like 5s,5m,2h' })
  WEBHOOK_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,14h,20h,24h';

  /** Each retry's wait varies by ± this fraction, so failed bursts do not retry in lockstep. */
  @IsNumber() @Min(0) @Max(0.5)
  WEBHOOK_RETRY_JITTER = 0.1;

  /** An endpoint whose every attempt has failed for this long is disabled (5 days). */
  @IsInt() @Min(1000)
  WEBHOOK_DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;
}

export { CommonConfig, PepperConfig };
export { Secret };
