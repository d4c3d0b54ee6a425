import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DevMailboxMessage, RPC } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import { escapeHtml, page, PAGE_HEADERS } from '../pages/html';

/** Development only (not mounted when NODE_ENV=production): mail sent by the `outbox` transport. */
@ApiExcludeController()
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get('messages.json')
  list(): Promise<DevMailboxMessage[]> {
    return this.rpc.call(RPC.devMailboxList, { limit: 50 });
  }

  @Get()
  async show(@Res() reply: FastifyReply): Promise<void> {
    const messages = await this.list();
    const items = messages.map((m) => `
<article style="border-top:1px solid #ddd;padding:12px 0">
  <p><strong>${escapeHtml(m.subject)}</strong><br><span class="muted">to ${escapeHtml(m.to)} · ${escapeHtml(m.created_at)}</span></p>
  <pre style="white-space:pre-wrap;font-size:.85rem">${linkify(escapeHtml(m.text))}</pre>
</article>`);
    const body = `<h1>Dev mailbox</h1><p class="muted">The last ${messages.length} messages of the outbox mail transport. Newest first; reload to refresh.</p>${items.join('') || '<p>No mail yet.</p>'}`;
    void reply.status(200).headers({ ...PAGE_HEADERS, 'referrer-policy': 'same-origin' }).send(page('Dev mailbox', body).replace('max-width: 420px', 'max-width: 760px'));
  }
}

function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}
