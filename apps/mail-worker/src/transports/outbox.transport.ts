import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { MailMessage, MailTransport, SendResult } from './mail-transport';

/**
 * Development transport: the email lands in the dev_mailbox table, where the gateway's dev
 * mailbox page lists it. Zero configuration, nothing leaves the machine.
 */
export class OutboxTransport implements MailTransport {
  readonly name = 'outbox';

  constructor(private readonly db: Pick<DataSource, 'query'>) {}

  async send(msg: MailMessage): Promise<SendResult> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO dev_mailbox (id, tenant_id, delivery_id, to_address, from_address, subject, html, text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, msg.tenantId, msg.deliveryId, msg.to, msg.from, msg.subject, msg.html, msg.text],
    );
    return { provider: this.name, messageId: id };
  }
}
