import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApplySendGridEventsRequest, PROVIDER_EVENTS_RPC, RpcHandler } from '@sesame/messaging';
import { SendGridEventsService } from './sendgrid-events.service';

/** RPC surface of the mail providers' event webhooks. */
@Controller()
export class DeliveryEventsRpcController {
  constructor(
    @Inject(SendGridEventsService) private readonly sendgrid: SendGridEventsService,
  ) {}

  @RpcHandler(PROVIDER_EVENTS_RPC.sendgridEvents)
  sendgridEvents(@Payload() req: ApplySendGridEventsRequest) {
    return this.sendgrid.apply(req);
  }
}
