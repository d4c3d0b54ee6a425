import nodemailer, { Transporter } from 'nodemailer';
import type { MailMessage, MailTransport, SendResult } from './mail-transport';
import { TransportError } from './transport-error';

/** SMTP through nodemailer (docker-compose points it at Mailpit). */
export class SmtpTransport implements MailTransport {
  readonly name = 'smtp';

  constructor(private readonly transporter: Pick<Transporter, 'sendMail'>) {}

  /** `url`: smtp://host:port or smtps://user:pass@host:port. */
  static create(url: string, timeoutMs: number): SmtpTransport {
    const u = new URL(url);
    return new SmtpTransport(nodemailer.createTransport({
      host: u.hostname,
      port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587),
      secure: u.protocol === 'smtps:',
      auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
      pool: true,
      connectionTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    }));
  }

  async send(msg: MailMessage): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail({
        to: msg.to, from: msg.from, subject: msg.subject, html: msg.html, text: msg.text,
        headers: { 'X-Sesame-Delivery-Id': msg.deliveryId },
      });
      return { provider: this.name, messageId: typeof info.messageId === 'string' ? info.messageId : null };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }
}

/** 5xx replies are permanent (RFC 5321 §4.2.1); 4xx replies and connection failures are retried. */
export function classifySmtpError(err: unknown): TransportError {
  const e = err as { responseCode?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.responseCode === 'number') {
    return new TransportError(`SMTP ${e.responseCode}`, e.responseCode >= 500);
  }
  const cause = typeof e?.code === 'string' ? e.code : typeof e?.message === 'string' ? e.message.slice(0, 200) : 'unknown error';
  return new TransportError(`SMTP request failed: ${cause}`, false);
}
