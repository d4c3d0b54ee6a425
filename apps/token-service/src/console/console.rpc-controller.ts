import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { CONSOLE_RPC, RpcHandler } from '@sesame/messaging';
import { ConsoleService } from './console.service';

/** RPC surface of the admin console: sign-in by magic link, console users. */
@Controller()
export class ConsoleRpcController {
  constructor(
    @Inject(ConsoleService) private readonly console: ConsoleService,
  ) {}

  @RpcHandler(CONSOLE_RPC.signInRequest)
  signInRequest(@Payload() req: C.ConsoleSignInRequest) {
    return this.console.requestSignIn(req);
  }

  @RpcHandler(CONSOLE_RPC.signInComplete)
  signInComplete(@Payload() req: C.ConsoleSignInCompleteRequest) {
    return this.console.completeSignIn(req);
  }

  @RpcHandler(CONSOLE_RPC.usersList)
  list(@Payload() req: C.ListConsoleUsersRequest) {
    return this.console.list(req);
  }

  @RpcHandler(CONSOLE_RPC.usersCreate)
  create(@Payload() req: C.CreateConsoleUserRequest) {
    return this.console.create(req);
  }

  @RpcHandler(CONSOLE_RPC.stats)
  stats(@Payload() req: C.StatsRequest) {
    return this.console.stats(req);
  }

  @RpcHandler(CONSOLE_RPC.usersUpdate)
  update(@Payload() req: C.UpdateConsoleUserRequest) {
    return this.console.update(req);
  }
}
