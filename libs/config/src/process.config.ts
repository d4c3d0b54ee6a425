import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsString, Matches, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { isSendGridEventPublicKey } from '@sesame/domain';
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

  /**
   * How long a resolved API key (and a tenant of the public endpoints) is trusted without asking
   * token-service again. Revoking a key or disabling a tenant also tells every gateway replica at
   * once (Redis pub/sub); this is the bound when that message is lost. At most 10 s.
   */
  @IsInt() @Min(0) @Max(10_000)
  API_KEY_CACHE_MS = 5000;

  @IsInt() @Min(1024) @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 64 * 1024;

  /**
   * Which proxies may set the client IP through X-Forwarded-For (rate limits, IP binding and audit
   * use it): `false` (default: the TCP peer is the client), `true` (any: only behind a proxy that
   * overwrites the header), a number of trusted hops, or comma-separated proxy IPs/CIDRs
   * (`loopback`, `10.0.0.0/8`, …). Trusting too much lets a client choose its own IP.
   */
  @Matches(/^(true|false|[0-9]{1,2}|[0-9A-Za-z.:/_, -]{1,1000})$/, { message: 'TRUST_PROXY must be true, false, a hop count or comma-separated IPs/CIDRs' })
  TRUST_PROXY = 'false';

  /** On SIGTERM: how long readiness says 503 and answers close their connections before the server closes. */
  @IsInt() @Min(0) @Max(60_000)
  SHUTDOWN_DRAIN_MS = 1000;

  /**
   * Admission control: how many requests one gateway works on at once; above it a request is
   * answered 503 (or 429 when its tenant holds its share) with Retry-After at once, never queued.
   * `adaptive` (default) finds the limit from latency (ADMISSION_TARGET_MS), starting at ADMISSION_LIMIT between the
   * min and max; `fixed` holds ADMISSION_LIMIT; `off` admits everything (docs/operations.md).
   */
  @IsIn(['adaptive', 'fixed', 'off'])
  ADMISSION_MODE: 'adaptive' | 'fixed' | 'off' = 'adaptive';

  @IsInt() @Min(1) @Max(100_000)
  ADMISSION_LIMIT = 200;

  @IsInt() @Min(1) @Max(100_000)
  ADMISSION_MIN_LIMIT = 8;

  @IsInt() @Min(1) @Max(100_000)
  ADMISSION_MAX_LIMIT = 2000;

  /** `adaptive`: the average latency (ms) the limit keeps admitted requests under. */
  @IsInt() @Min(10) @Max(60_000)
  ADMISSION_TARGET_MS = 500;

  /** Fraction of the limit one tenant may hold; 1 turns tenant shares off. */
  @IsNumber() @Min(0.05) @Max(1)
  ADMISSION_TENANT_SHARE = 0.75;

  /**
   * When set, /metrics is served only on this port (0: a free one, logged) and not on PORT, so the
   * scrape endpoint need not be reachable from where the API is. Unset: /metrics on PORT.
   */
  @ValidateIf((c: GatewayConfig) => c.METRICS_PORT !== '')
  @Matches(/^([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/, { message: 'METRICS_PORT must be a port number (0 to 65535) or empty' })
  METRICS_PORT = '';

  /** Interface of the METRICS_PORT listener: loopback by default, `0.0.0.0` for a scraper on another host. */
  @IsString()
  METRICS_HOST = '127.0.0.1';

  /** METRICS_PORT as a number, or null when /metrics stays on the public port. */
  get metricsPort(): number | null {
    return this.METRICS_PORT === '' ? null : Number(this.METRICS_PORT);
  }

  /** A console session unused this long ends (each request restarts the clock). */
  @IsInt() @Min(60) @Max(24 * 3600)
  CONSOLE_SESSION_IDLE_SECONDS = 1800;

  /** A console session ends this long after sign-in, however active. */
  @IsInt() @Min(300) @Max(7 * 24 * 3600)
  CONSOLE_SESSION_MAX_SECONDS = 12 * 3600;

  /**
   * The slug of the tenant whose console admins are operators: their console sessions may use the
   * root routes (tenants) as the root key does. Empty (default): no console session is an operator.
   */
  @Matches(/^([a-z0-9][a-z0-9-]{0,62})?$/, { message: 'CONSOLE_OPERATOR_TENANT must be a tenant slug or empty' })
  CONSOLE_OPERATOR_TENANT = '';
}

/** TRUST_PROXY as Fastify's `trustProxy` option. */
export function trustProxyOption(value: string): boolean | number | string[] {
  const v = value.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^[0-9]{1,2}$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export class TokenServiceConfig extends PepperConfig {
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PUBLIC_BASE_URL must be an origin like https://auth.example.com' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @IsInt() @Min(1) @Max(1000)
  RPC_CONCURRENCY = 64;

  /**
   * Each replica refreshes its RPC consumer heartbeat every third of this; the gateways count it
   * as consuming until this long after its last refresh. Their readiness turns 503 about this long
   * after the last replica dies (SIGKILL included), so keep it short, but above the longest pause
   * a replica's event loop may take.
   */
  @IsInt() @Min(300) @Max(60_000)
  RPC_HEARTBEAT_TTL_MS = 3000;

  /** Relay fallback poll; LISTEN/NOTIFY wakes it immediately on commit. */
  @IsInt() @Min(10) @Max(60_000)
  OUTBOX_POLL_MS = 1000;

  @IsInt() @Min(1) @Max(5000)
  OUTBOX_BATCH_SIZE = 500;

  /**
   * Mail and webhook jobs per second one tenant may publish before its further jobs queue behind
   * other tenants' (BullMQ priorities, docs/operations.md "Fairness between tenants"). 0: plain FIFO.
   */
  @IsInt() @Min(0) @Max(1_000_000)
  OUTBOX_TENANT_FAIR_RATE = 20;

  /** Longest wait for a free database connection; then the request fails fast with 503 (under RPC_TIMEOUT_MS). */
  @IsInt() @Min(100) @Max(60_000)
  DB_ACQUIRE_TIMEOUT_MS = 2000;

  /** As for the webhook-dispatcher: registration refuses the same targets delivery would. */
  @Transform(splitList)
  @IsString({ each: true })
  WEBHOOK_ALLOWED_TARGETS: string[] = [];

  /**
   * The verification key of the deployment's SendGrid account (Event Webhook, Signature
   * Verification), for POST /v1/providers/sendgrid/events without `?tenant=`. Empty: that URL answers 404.
   */
  @ValidateIf((c: TokenServiceConfig) => c.SENDGRID_EVENT_PUBLIC_KEY !== '')
  @ValidateBy({
    name: 'isSendGridEventPublicKey',
    validator: {
      validate: (v: unknown) => isSendGridEventPublicKey(v),
      defaultMessage: () => 'SENDGRID_EVENT_PUBLIC_KEY must be the Event Webhook verification key as SendGrid shows it (base64, MFkw…)',
    },
  })
  SENDGRID_EVENT_PUBLIC_KEY = '';

  /** An Event Webhook batch signed longer ago, or further ahead, than this is refused (a replay window). */
  @IsInt() @Min(30) @Max(86_400)
  SENDGRID_EVENT_MAX_AGE_SECONDS = 300;
}

export class MailWorkerConfig extends PepperConfig {
  @Matches(/^https?:\/\/[^/]+$/, { message: 'PUBLIC_BASE_URL must be an origin like https://auth.example.com' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** The deployment's email transport, for tenants that configured none (PUT /v1/providers/email). */
  @IsIn(['outbox', 'sendgrid', 'smtp'])
  MAIL_TRANSPORT = 'outbox';

  /** Required when MAIL_TRANSPORT=smtp, e.g. smtp://mailpit:1025 or smtps://user:pass@smtp.example.com. */
  @Secret()
  @ValidateIf((c: MailWorkerConfig) => c.MAIL_TRANSPORT === 'smtp' || c.SMTP_URL !== '')
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL (required when MAIL_TRANSPORT=smtp)' })
  SMTP_URL = '';

  /** The deployment's sms transport, for tenants that configured none (PUT /v1/providers/sms). */
  @IsIn(['outbox', 'twilio'])
  SMS_TRANSPORT = 'outbox';

  @ValidateIf((c: MailWorkerConfig) => c.SMS_TRANSPORT === 'twilio')
  @Matches(/^AC[0-9a-zA-Z]{10,64}$/, { message: 'TWILIO_ACCOUNT_SID (AC…) is required when SMS_TRANSPORT=twilio' })
  TWILIO_ACCOUNT_SID = '';

  @Secret()
  @ValidateIf((c: MailWorkerConfig) => c.SMS_TRANSPORT === 'twilio')
  @IsString() @IsNotEmpty({ message: 'TWILIO_AUTH_TOKEN is required when SMS_TRANSPORT=twilio' })
  TWILIO_AUTH_TOKEN = '';

  /** Sender number (E.164) or messaging service SID (MG…). */
  @ValidateIf((c: MailWorkerConfig) => c.SMS_TRANSPORT === 'twilio')
  @Matches(/^(\+[1-9]\d{6,14}|MG[0-9a-zA-Z]{10,64})$/, { message: 'TWILIO_FROM (E.164 or MG…) is required when SMS_TRANSPORT=twilio' })
  TWILIO_FROM = '';

  /** Override for tests (a local fake Twilio) and proxies: every Twilio request goes to this origin. */
  @ValidateIf((c: MailWorkerConfig) => c.TWILIO_BASE_URL !== '')
  @Matches(/^https?:\/\//, { message: 'TWILIO_BASE_URL must be an http(s) URL' })
  TWILIO_BASE_URL = '';

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

  /**
   * How SendGrid is called: `http` (default) posts v3 mail/send on a keep-alive connection pool;
   * `official` goes through `@sendgrid/mail`. Same requests, same answers, same retry rules;
   * `http` costs the worker a fraction of the CPU per message (docs/performance.md).
   */
  @IsIn(['http', 'official'])
  SENDGRID_CLIENT = 'http';

  /** Per provider request; kept well under SEND_CLAIM_TIMEOUT_MS. */
  @IsInt() @Min(1000) @Max(30_000)
  SENDGRID_TIMEOUT_MS = 10_000;

  /**
   * A send claimed ('sending') by another job longer ago than this is presumed abandoned and may be
   * claimed again. (A later run of the same job takes a claim over at once: BullMQ starts it only
   * once the earlier run's lock expired.) Keep it well above SENDGRID_TIMEOUT_MS, so a live send is
   * never duplicated.
   */
  @IsInt() @Min(5000) @Max(3_600_000)
  SEND_CLAIM_TIMEOUT_MS = 120_000;

  @IsInt() @Min(1) @Max(200)
  MAIL_CONCURRENCY = 16;

  /** Sends in flight while a gateway reports the API under pressure (admission control): mail yields the CPU. */
  @IsInt() @Min(1) @Max(200)
  MAIL_CONCURRENCY_UNDER_PRESSURE = 4;

  /**
   * The database pool: DB_POOL_SIZE, raised to MAIL_CONCURRENCY. A running job holds at most one
   * connection at a time; with fewer connections than jobs, sends queue for a connection (the
   * mail benchmark loses a sixth of its throughput at 32 jobs on 10 connections).
   */
  get dbPoolSize(): number {
    return Math.max(this.DB_POOL_SIZE, this.MAIL_CONCURRENCY);
  }

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

  /**
   * Sessions deleting one purge's batches side by side (SKIP LOCKED keeps them apart). Two drain
   * 1M expired links in under a minute on 2 shared cores without moving sign-in p99 (bench:retention);
   * 1 is gentlest on a small database, more drains a backlog faster where cores are to spare.
   */
  @IsInt() @Min(1) @Max(8)
  PURGE_CONCURRENCY = 2;

  /** How often expired, unconsumed links are looked for (they go within this + the grace of expiry). */
  @IsInt() @Min(500) @Max(50_000)
  EXPIRED_LINK_PURGE_INTERVAL_MS = 15_000;

  /** An expired link is kept this long past expires_at, so a consume racing its expiry settles first. */
  @IsInt() @Min(0) @Max(30_000)
  EXPIRED_LINK_GRACE_MS = 5000;

  /** Floor and ceiling on every tenant's `retention.used_links_days` (consumed and revoked links). */
  @IsInt() @Min(0) @Max(400)
  RETENTION_MIN_DAYS = 0;

  @IsInt() @Min(0) @Max(3650)
  RETENTION_MAX_DAYS = 400;

  @IsInt() @Min(1) @Max(3650)
  AUDIT_RETENTION_DAYS = 365;

  /** Mail delivery records (status, provider ids); the link's own retention still applies first. */
  @IsInt() @Min(1) @Max(3650)
  MAIL_DELIVERY_RETENTION_DAYS = 30;

  @IsInt() @Min(1) @Max(3650)
  WEBHOOK_DELIVERY_RETENTION_DAYS = 30;

  /** Published outbox rows; must exceed OUTBOX_REPLAY_WINDOW_MINUTES so a replay finds them. */
  @IsInt() @Min(1) @Max(8760)
  OUTBOX_RETENTION_HOURS = 72;

  /** Used exchange codes (unused ones go an hour after they expire). */
  @IsInt() @Min(0) @Max(10_080)
  EXCHANGE_CODE_RETENTION_MINUTES = 60;

  @IsInt() @Min(1) @Max(3650)
  RETENTION_RUNS_RETENTION_DAYS = 7;

  /**
   * A deleted tenant (DELETE /v1/tenants/{id}) is refused at once and purged with all its data
   * this long after the deletion (default 30 days, the window to undo a mistake from a backup).
   */
  @IsInt() @Min(0) @Max(31_536_000)
  DELETED_TENANT_RETENTION_SECONDS = 2_592_000;

  /** Outbox reconciliation: unpublished rows older than OUTBOX_STALE_MS are published again. */
  @IsInt() @Min(500) @Max(600_000)
  OUTBOX_RECONCILE_INTERVAL_MS = 5000;

  @IsInt() @Min(100) @Max(600_000)
  OUTBOX_STALE_MS = 5000;

  /** When Redis comes back empty, outbox rows published this recently are published again. */
  @IsInt() @Min(1) @Max(10_080)
  OUTBOX_REPLAY_WINDOW_MINUTES = 360;

  /** How often each replica checks that Redis still holds its data (the epoch marker key). */
  @IsInt() @Min(100) @Max(60_000)
  REDIS_WATCH_MS = 2000;
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

  /** Jobs in flight while a gateway reports the API under pressure (admission control). */
  @IsInt() @Min(1) @Max(1000)
  WEBHOOK_CONCURRENCY_UNDER_PRESSURE = 16;

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
