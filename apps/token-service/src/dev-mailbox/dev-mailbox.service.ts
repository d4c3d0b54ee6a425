import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { SesameError } from '@sesame/domain';
import type { DevMailboxGetRequest, DevMailboxListRequest, DevMailboxMessage } from '@sesame/messaging';

const COLUMNS = `id, channel, to_address AS "to", from_address AS "from", subject, html, text, created_at`;

/**
 * Reads the `outbox` transports' messages for the gateway's /dev/mailbox pages. Development only and
 * deliberately across tenants: it is the whole machine's outbox (the gateway does not mount it in production).
 */
@Injectable()
export class DevMailboxService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async list(req: DevMailboxListRequest): Promise<DevMailboxMessage[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM dev_mailbox ORDER BY created_at DESC, id LIMIT $1`, [req.limit]);
    return rows.map(toMessage);
  }

  async get(req: DevMailboxGetRequest): Promise<DevMailboxMessage> {
    // A malformed id would make Postgres reject the uuid cast; no message has it either way.
    const rows = isUUID(req.id) ? await this.db.query(`SELECT ${COLUMNS} FROM dev_mailbox WHERE id = $1`, [req.id]) : [];
    if (!rows[0]) throw new SesameError('not_found', 'No message with this id in the dev mailbox');
    return toMessage(rows[0]);
  }
}

function toMessage(r: Omit<DevMailboxMessage, 'created_at'> & { created_at: Date }): DevMailboxMessage {
  return { ...r, created_at: new Date(r.created_at).toISOString() };
}
