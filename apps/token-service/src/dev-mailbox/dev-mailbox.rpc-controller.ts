import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { RPC, RpcHandler } from '@sesame/messaging';
import { DevMailboxService } from './dev-mailbox.service';

/** RPC surface of the development mailbox (the `outbox` transports' messages). */
@Controller()
export class DevMailboxRpcController {
  constructor(
    @Inject(DevMailboxService) private readonly devMailbox: DevMailboxService,
  ) {}

  @RpcHandler(RPC.devMailboxList)
  list(@Payload() req: C.DevMailboxListRequest) {
    return this.devMailbox.list(req);
  }

  @RpcHandler(RPC.devMailboxGet)
  get(@Payload() req: C.DevMailboxGetRequest) {
    return this.devMailbox.get(req);
  }
}
