import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { RPC } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { WebhookDeliveryLogService } from './webhook-delivery-log.service';
import { WebhookEndpointService } from './webhook-endpoint.service';

/** RPC surface of webhook endpoints and their delivery log. */
@Controller()
export class WebhookEndpointsRpcController {
  constructor(
    @Inject(WebhookEndpointService) private readonly endpoints: WebhookEndpointService,
    @Inject(WebhookDeliveryLogService) private readonly log: WebhookDeliveryLogService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  private count<T>(pattern: string, result: Promise<T>): Promise<T> {
    return counted(this.requests, pattern, result);
  }

  @MessagePattern(RPC.webhookEndpointsCreate)
  create(@Payload() req: C.CreateWebhookEndpointRequest) {
    return this.count(RPC.webhookEndpointsCreate, this.endpoints.create(req));
  }

  @MessagePattern(RPC.webhookEndpointsList)
  list(@Payload() req: C.ListWebhookEndpointsRequest) {
    return this.count(RPC.webhookEndpointsList, this.endpoints.list(req));
  }

  @MessagePattern(RPC.webhookEndpointsGet)
  get(@Payload() req: C.WebhookEndpointRef) {
    return this.count(RPC.webhookEndpointsGet, this.endpoints.get(req));
  }

  @MessagePattern(RPC.webhookEndpointsUpdate)
  update(@Payload() req: C.UpdateWebhookEndpointRequest) {
    return this.count(RPC.webhookEndpointsUpdate, this.endpoints.update(req));
  }

  @MessagePattern(RPC.webhookEndpointsDelete)
  async delete(@Payload() req: C.WebhookEndpointActionRequest) {
    await this.count(RPC.webhookEndpointsDelete, this.endpoints.delete(req));
    return { deleted: true };
  }

  @MessagePattern(RPC.webhookEndpointsRotateSecret)
  rotateSecret(@Payload() req: C.WebhookEndpointActionRequest) {
    return this.count(RPC.webhookEndpointsRotateSecret, this.endpoints.rotateSecret(req));
  }

  @MessagePattern(RPC.webhookEndpointsTest)
  test(@Payload() req: C.WebhookEndpointActionRequest) {
    return this.count(RPC.webhookEndpointsTest, this.log.test(req));
  }

  @MessagePattern(RPC.webhookDeliveriesList)
  deliveries(@Payload() req: C.ListWebhookDeliveriesRequest) {
    return this.count(RPC.webhookDeliveriesList, this.log.list(req));
  }

  @MessagePattern(RPC.webhookDeliveriesReplay)
  replay(@Payload() req: C.ReplayWebhookDeliveryRequest) {
    return this.count(RPC.webhookDeliveriesReplay, this.log.replay(req));
  }
}
