import { Module } from '@nestjs/common';
import { SendGridSignatureVerifier } from './sendgrid-signature.verifier';
import { DeliveryEventRepository } from './delivery-event.repository';
import { SendGridEventsService } from './sendgrid-events.service';
import { DeliveryEventsRpcController } from './delivery-events.rpc-controller';

/** The mail providers' event webhooks (SendGrid Event Webhook). */
@Module({
  controllers: [DeliveryEventsRpcController],
  providers: [SendGridSignatureVerifier, DeliveryEventRepository, SendGridEventsService],
})
export class DeliveryEventsModule {}
