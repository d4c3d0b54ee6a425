import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DevMailboxListRequest, DevMailboxMessage } from '@sesame/messaging';

/** Reads the `outbox` mail transport's messages for the gateway's /dev/mailbox page. */
@Injectable()
export class DevMailboxService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async list(req: DevMailboxListRequest): Promise<DevMailboxMessage[]> {
    const rows = await this.db.query(
      `SELECT id, to_address AS "to", from_address AS "from", subject, html, text, created_at
       FROM dev_mailbox ORDER BY created_at DESC LIMIT $1`,
      [req.limit],
    );
    return rows.map((r: DevMailboxMessage & { created_at: Date }) => ({ ...r, created_at: new Date(r.created_at).toISOString() }));
  }
}
