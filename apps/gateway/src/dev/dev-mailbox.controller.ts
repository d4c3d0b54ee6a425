import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { SesameError } from '@sesame/domain';
import { DevMailboxMessage, RPC } from '@sesame/messaging';
import { RpcClient } from '../http/rpc.client';
import {
  MAILBOX_PAGE_HEADERS, mailboxListPage, mailboxMessagePage, mailboxNotFoundPage, MESSAGE_HTML_HEADERS, withNewTabLinks,
} from './dev-mailbox-pages';

/**
 * Development only (GatewayModule does not mount it when NODE_ENV=production): what the `outbox`
 * email and sms transports "sent", as pages and as JSON (docs/mail.md#development-mailbox).
 */
@ApiExcludeController()
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** The last 50 messages, newest first (e2e specs and scripts read this). */
  @Get('messages.json')
  list(): Promise<DevMailboxMessage[]> {
    return this.rpc.call(RPC.devMailboxList, { limit: 50 });
  }

  @Get()
  async listPage(@Res() reply: FastifyReply): Promise<void> {
    void reply.status(200).headers(MAILBOX_PAGE_HEADERS).send(mailboxListPage(await this.list()));
  }

  @Get(':id.json')
  message(@Param('id') id: string): Promise<DevMailboxMessage> {
    return this.find(id);
  }

  @Get(':id')
  async messagePage(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const message = await this.findOrNull(id);
    if (!message) return void reply.status(404).headers(MAILBOX_PAGE_HEADERS).send(mailboxNotFoundPage());
    void reply.status(200).headers(MAILBOX_PAGE_HEADERS).send(mailboxMessagePage(message));
  }

  /** The email's HTML on its own, sandboxed by its headers; the message page frames it. */
  @Get(':id/html')
  async messageHtml(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const message = await this.findOrNull(id);
    if (!message) return void reply.status(404).headers(MAILBOX_PAGE_HEADERS).send(mailboxNotFoundPage());
    void reply.status(200).headers(MESSAGE_HTML_HEADERS).send(withNewTabLinks(message.html));
  }

  private async find(id: string): Promise<DevMailboxMessage> {
    if (!isUUID(id)) throw new SesameError('not_found', 'No message with this id in the dev mailbox');
    return this.rpc.call(RPC.devMailboxGet, { id });
  }

  private async findOrNull(id: string): Promise<DevMailboxMessage | null> {
    try {
      return await this.find(id);
    } catch (err) {
      if (err instanceof SesameError && err.code === 'not_found') return null;
      throw err;
    }
  }
}
