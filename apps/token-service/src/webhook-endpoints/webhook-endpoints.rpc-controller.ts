import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { RPC, RpcHandler } from '@sesame/messaging';
import { WebhookDeliveryLogService } from './webhook-delivery-log.service';
import { WebhookEndpointService } from './webhook-endpoint.service';

/** RPC surface of webhook endpoints and their delivery log. */
@Controller()
export class WebhookEndpointsRpcController {
  constructor(
    @Inject(WebhookEndpointService) private readonly endpoints: WebhookEndpointService,
    @Inject(WebhookDeliveryLogService) private readonly log: WebhookDeliveryLogService,
  ) {}

  @RpcHandler(RPC.webhookEndpointsCreate)
  create(@Payload() req: C.CreateWebhookEndpointRequest) {
    return this.endpoints.create(req);
  }

  @RpcHandler(RPC.webhookEndpointsList)
  list(@Payload() req: C.ListWebhookEndpointsRequest) {
    return this.endpoints.list(req);
  }

  @RpcHandler(RPC.webhookEndpointsGet)
  get(@Payload() req: C.WebhookEndpointRef) {
    return this.endpoints.get(req);
  }

  @RpcHandler(RPC.webhookEndpointsUpdate)
  update(@Payload() req: C.UpdateWebhookEndpointRequest) {
    return this.endpoints.update(req);
  }

  @RpcHandler(RPC.webhookEndpointsDelete)
  async delete(@Payload() req: C.WebhookEndpointActionRequest) {
    await this.endpoints.delete(req);
    return { deleted: true };
  }

  @RpcHandler(RPC.webhookEndpointsRotateSecret)
  rotateSecret(@Payload() req: C.WebhookEndpointActionRequest) {
    return this.endpoints.rotateSecret(req);
  }

  @RpcHandler(RPC.webhookEndpointsTest)
  test(@Payload() req: C.WebhookEndpointActionRequest) {
    return this.log.test(req);
  }

  @RpcHandler(RPC.webhookDeliveriesList)
  deliveries(@Payload() req: C.ListWebhookDeliveriesRequest) {
    return this.log.list(req);
  }

  @RpcHandler(RPC.webhookDeliveriesReplay)
  replay(@Payload() req: C.ReplayWebhookDeliveryRequest) {
    return this.log.replay(req);
  }
}
