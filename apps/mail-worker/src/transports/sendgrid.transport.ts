import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { classifySendGridError, headerValue } from './sendgrid-errors';
import type { MailMessage, MailTransport, SendResult } from './mail-transport';
import { TransportError } from './transport-error';

export interface SendGridOptions {
  apiKey: string;
  /** e.g. a local fake in tests; empty for api.sendgrid.com. */
  baseUrl?: string;
  timeoutMs: number;
}

/** SendGrid v3 `mail/send` through the official client. 202 means accepted for delivery. */
export class SendGridTransport implements MailTransport {
  readonly name = 'sendgrid';

  constructor(private readonly mail: Pick<MailService, 'send'>) {}

  static create(opts: SendGridOptions): SendGridTransport {
    const client = new Client();
    const mail = new MailService();
    mail.setClient(client);
    mail.setApiKey(opts.apiKey);
    // setApiKey resets the base URL to the region's host, so the override comes after it.
    if (opts.baseUrl) client.setDefaultRequest('baseUrl', opts.baseUrl);
    mail.setTimeout(opts.timeoutMs);
    return new SendGridTransport(mail);
  }

  async send(msg: MailMessage): Promise<SendResult> {
    let response;
    try {
      [response] = await this.mail.send({
        to: msg.to,
        from: msg.from,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        customArgs: { sesame_delivery_id: msg.deliveryId, sesame_tenant_id: msg.tenantId },
        // Click tracking would rewrite the magic link through SendGrid's redirector: the token
        // would pass through a third party and the link would no longer be the one we issued.
        trackingSettings: { clickTracking: { enable: false, enableText: false }, openTracking: { enable: false } },
      });
    } catch (err) {
      throw classifySendGridError(err);
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new TransportError(`SendGrid answered ${response.statusCode}`, false);
    }
    return { provider: this.name, messageId: headerValue(response.headers, 'x-message-id') ?? null };
  }
}
