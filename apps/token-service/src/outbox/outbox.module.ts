import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';
import { OutboxRelayService } from './outbox-relay.service';

/** Publishes committed outbox rows to BullMQ (every feature writes its rows through libs/persistence outboxStep/eventStep). */
@Module({
  providers: [OutboxRepository, OutboxRelayService],
})
export class OutboxModule {}
