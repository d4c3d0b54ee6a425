import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MailWorkerConfig } from '@sesame/config';
import { Sealer } from '@sesame/crypto';
import { CONFIG } from '@sesame/observability';
import type { TenantProvider } from '../claimed-delivery';
import { MailMetrics } from '../mail.metrics';
import { counted } from './counted-transport';
import type { MailTransport } from './mail-transport';
import { OutboxSmsTransport } from './outbox-sms.transport';
import { OutboxTransport } from './outbox.transport';
import { SendGridHttpTransport } from './sendgrid-http.transport';
import { SendGridTransport } from './sendgrid.transport';
import { SmtpTransport } from './smtp.transport';
import type { SmsTransport } from './sms-transport';
import { traced } from './traced-transport';
import { TransportError } from './transport-error';
import { TwilioTransport } from './twilio.transport';

/**
 * The transport of each message: the tenant's own (configured with PUT /v1/providers/{channel},
 * credentials sealed at rest) or the deployment's (MAIL_TRANSPORT, SMS_TRANSPORT). Tenant
 * transports are built once per configuration version and kept, so their connection pools are reused.
 */
@Injectable()
export class TransportRegistry {
  readonly defaultEmail: MailTransport;
  readonly defaultSms: SmsTransport;
  private readonly tenants = new Map<string, { version: number; transport: MailTransport | SmsTransport }>();

  constructor(
    @Inject(CONFIG) private readonly config: MailWorkerConfig,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(MailMetrics) private readonly metrics: MailMetrics,
  ) {
    this.defaultEmail = this.emailOf(config.MAIL_TRANSPORT, {
      api_key: config.SENDGRID_API_KEY, url: config.SMTP_URL,
    });
    this.defaultSms = this.smsOf(config.SMS_TRANSPORT, {
      account_sid: config.TWILIO_ACCOUNT_SID, auth_token: config.TWILIO_AUTH_TOKEN, from: config.TWILIO_FROM,
    });
  }

  email(tenantId: string, p: TenantProvider | null): MailTransport {
    return p ? (this.tenantTransport(tenantId, 'email', p, (v) => this.emailOf(p.kind, v)) as MailTransport) : this.defaultEmail;
  }

  sms(tenantId: string, p: TenantProvider | null): SmsTransport {
    return p ? (this.tenantTransport(tenantId, 'sms', p, (v) => this.smsOf(p.kind, v)) as SmsTransport) : this.defaultSms;
  }

  private tenantTransport<T extends MailTransport | SmsTransport>(
    tenantId: string, channel: string, p: TenantProvider, build: (values: Record<string, unknown>) => T,
  ): T {
    const key = `${tenantId}:${channel}`;
    const cached = this.tenants.get(key);
    if (cached && cached.version === p.updatedAt.getTime()) return cached.transport as T;
    let credentials: Record<string, unknown> = {};
    try {
      if (p.sealedCredentials) credentials = JSON.parse(this.sealer.open(p.sealedCredentials));
    } catch {
      // The pepper that sealed them is gone: only a new PUT /v1/providers can fix it.
      throw new TransportError(`the tenant's ${channel} provider credentials cannot be opened; configure the provider again`, true);
    }
    const transport = build({ ...p.settings, ...credentials });
    // The replaced configuration's pooled connections are not needed any more.
    if (cached && 'close' in cached.transport && typeof cached.transport.close === 'function') cached.transport.close();
    this.tenants.set(key, { version: p.updatedAt.getTime(), transport });
    return transport;
  }

  private emailOf(kind: string, v: Record<string, unknown>): MailTransport {
    return counted(traced(this.untracedEmailOf(kind, v), 'email'), 'email', this.metrics.providerSends);
  }

  private smsOf(kind: string, v: Record<string, unknown>): SmsTransport {
    return counted(traced(this.untracedSmsOf(kind, v), 'sms'), 'sms', this.metrics.providerSends);
  }

  private untracedEmailOf(kind: string, v: Record<string, unknown>): MailTransport {
    switch (kind) {
      case 'sendgrid': {
        const opts = { apiKey: String(v.api_key), baseUrl: this.config.SENDGRID_BASE_URL || undefined, timeoutMs: this.config.SENDGRID_TIMEOUT_MS };
        return this.config.SENDGRID_CLIENT === 'official'
          ? SendGridTransport.create(opts)
          : new SendGridHttpTransport({ ...opts, maxSockets: this.config.MAIL_CONCURRENCY });
      }
      case 'smtp':
        return SmtpTransport.create(typeof v.url === 'string' ? v.url : smtpUrl(v), this.config.SENDGRID_TIMEOUT_MS);
      case 'outbox':
        return new OutboxTransport(this.db);
      default:
        throw new TransportError(`unknown email transport "${kind}"`, true);
    }
  }

  private untracedSmsOf(kind: string, v: Record<string, unknown>): SmsTransport {
    switch (kind) {
      case 'twilio':
        return TwilioTransport.create({
          accountSid: String(v.account_sid), authToken: String(v.auth_token), from: String(v.from),
          baseUrl: this.config.TWILIO_BASE_URL || undefined, timeoutMs: this.config.SENDGRID_TIMEOUT_MS,
        });
      case 'outbox':
        return new OutboxSmsTransport(this.db);
      default:
        throw new TransportError(`unknown sms transport "${kind}"`, true);
    }
  }
}

function smtpUrl(v: Record<string, unknown>): string {
  const auth = v.username ? `${encodeURIComponent(String(v.username))}:${encodeURIComponent(String(v.password ?? ''))}@` : '';
  return `${v.secure ? 'smtps' : 'smtp'}://${auth}${String(v.host)}:${Number(v.port)}`;
}
