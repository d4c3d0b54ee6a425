import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SendResult } from './mail-transport';
import type { SmsMessage, SmsTransport } from './sms-transport';

/** Development sms transport: the text lands in the dev mailbox (channel sms, subject "SMS"), nothing is sent. */
export class OutboxSmsTransport implements SmsTransport {
  readonly name = 'outbox';

  constructor(private readonly db: Pick<DataSource, 'query'>) {}

  async send(msg: SmsMessage): Promise<SendResult> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO dev_mailbox (id, tenant_id, delivery_id, channel, to_address, from_address, subject, html, text)
       VALUES ($1, $2, $3, 'sms', $4, 'sms', 'SMS', '', $5)`,
      [id, msg.tenantId, msg.deliveryId, msg.to, msg.body],
    );
    return { provider: this.name, messageId: id };
  }
}
