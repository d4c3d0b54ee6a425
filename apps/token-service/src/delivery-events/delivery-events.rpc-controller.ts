import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import { ApplySendGridEventsRequest, PROVIDER_EVENTS_RPC } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { SendGridEventsService } from './sendgrid-events.service';

/** RPC surface of the mail providers' event webhooks. */
@Controller()
export class DeliveryEventsRpcController {
  constructor(
    @Inject(SendGridEventsService) private readonly sendgrid: SendGridEventsService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  @MessagePattern(PROVIDER_EVENTS_RPC.sendgridEvents)
  sendgridEvents(@Payload() req: ApplySendGridEventsRequest) {
    return counted(this.requests, PROVIDER_EVENTS_RPC.sendgridEvents, this.sendgrid.apply(req));
  }
}
