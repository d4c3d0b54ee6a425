import { DynamicModule, Module } from '@nestjs/common';
import { Resolver } from '@sesame/webhooks';
import { WEBHOOK_RESOLVER, WebhookTargetValidator } from './webhook-target.validator';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookEndpointService } from './webhook-endpoint.service';
import { WebhookDeliveryLogService } from './webhook-delivery-log.service';
import { WebhookEndpointsRpcController } from './webhook-endpoints.rpc-controller';

/** Webhook endpoints and their delivery log (the webhook-dispatcher delivers). */
@Module({
  controllers: [WebhookEndpointsRpcController],
  providers: [WebhookTargetValidator, WebhookEndpointRepository, WebhookEndpointService, WebhookDeliveryLogService],
})
export class WebhookEndpointsModule {
  /** `resolver`: how webhook host names are resolved for the SSRF check at registration (tests give their own). */
  static forRoot(resolver: Resolver): DynamicModule {
    return { module: WebhookEndpointsModule, providers: [{ provide: WEBHOOK_RESOLVER, useValue: resolver }] };
  }
}
