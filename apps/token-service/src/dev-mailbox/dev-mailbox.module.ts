import { Module } from '@nestjs/common';
import { DevMailboxService } from './dev-mailbox.service';
import { DevMailboxRpcController } from './dev-mailbox.rpc-controller';

/** The development mailbox (the gateway mounts it only outside production). */
@Module({
  controllers: [DevMailboxRpcController],
  providers: [DevMailboxService],
})
export class DevMailboxModule {}
