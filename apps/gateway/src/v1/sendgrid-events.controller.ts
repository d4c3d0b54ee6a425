import { Controller, Headers, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApplySendGridEventsResponse, PROVIDER_EVENTS_RPC } from '@sesame/messaging';
import type { BodyRouteConfig } from '../http/body-parsers';
import { RpcClient } from '../http/rpc.client';
import { SendGridEventsQuery } from './sendgrid-events.dto';
import { SendGridEventsApplied } from './providers.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** SendGrid sends a batch every 30 s or at 768 KB, whichever comes first. */
const EVENT_BATCH_LIMIT_BYTES = 1024 * 1024;

/**
 * SendGrid's Event Webhook (docs/mail.md#delivery-tracking). No API key: SendGrid cannot send
 * one; the batch's ECDSA signature is what authenticates it, checked by token-service over the
 * exact bytes received.
 */
@ApiTags('providers')
@Controller('v1/providers/sendgrid/events')
export class SendGridEventsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(200)
  @RouteConfig({ rawBody: true, bodyLimit: EVENT_BATCH_LIMIT_BYTES } satisfies BodyRouteConfig)
  @ApiOperation({ summary: 'Delivery events from SendGrid (Signed Event Webhook): delivered, bounce, dropped, deferred, open, click' })
  @ApiHeader({ name: 'X-Twilio-Email-Event-Webhook-Signature', required: true })
  @ApiHeader({ name: 'X-Twilio-Email-Event-Webhook-Timestamp', required: true })
  @ApiResponse({ status: 200, type: SendGridEventsApplied, description: 'OK' })
  @ApiErrors('invalid_signature', 'stale_timestamp', 'event_webhook_not_configured', 'not_found')
  receive(
    @Req() req: FastifyRequest,
    @Query() q: SendGridEventsQuery,
    @Headers('x-twilio-email-event-webhook-signature') signature: string | undefined,
    @Headers('x-twilio-email-event-webhook-timestamp') timestamp: string | undefined,
  ): Promise<ApplySendGridEventsResponse> {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    return this.rpc.call(PROVIDER_EVENTS_RPC.sendgridEvents, { tenantId: q.tenant, bodyBase64: body.toString('base64'), signature, timestamp });
  }
}
