import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailWorkerConfig } from '@sesame/config';
import { CONFIG } from '@sesame/observability';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { OutboxTransport } from './outbox.transport';
import { SendGridTransport } from './sendgrid.transport';

export function createTransport(config: MailWorkerConfig, db: DataSource): MailTransport {
  switch (config.MAIL_TRANSPORT) {
    case 'sendgrid':
      return SendGridTransport.create({
        apiKey: config.SENDGRID_API_KEY,
        baseUrl: config.SENDGRID_BASE_URL || undefined,
        timeoutMs: config.SENDGRID_TIMEOUT_MS,
      });
    case 'outbox':
      return new OutboxTransport(db);
    default:
      throw new Error(`Unknown MAIL_TRANSPORT "${config.MAIL_TRANSPORT}"`);
  }
}

export const transportProvider: Provider = {
  provide: MAIL_TRANSPORT,
  inject: [CONFIG, DataSource],
  useFactory: createTransport,
};
