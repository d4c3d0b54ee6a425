import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { CONSOLE_RPC } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { ConsoleService } from './console.service';

/** RPC surface of the admin console: sign-in by magic link, console users. */
@Controller()
export class ConsoleRpcController {
  constructor(
    @Inject(ConsoleService) private readonly console: ConsoleService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  @MessagePattern(CONSOLE_RPC.signInRequest)
  signInRequest(@Payload() req: C.ConsoleSignInRequest) {
    return counted(this.requests, CONSOLE_RPC.signInRequest, this.console.requestSignIn(req));
  }

  @MessagePattern(CONSOLE_RPC.signInComplete)
  signInComplete(@Payload() req: C.ConsoleSignInCompleteRequest) {
    return counted(this.requests, CONSOLE_RPC.signInComplete, this.console.completeSignIn(req));
  }

  @MessagePattern(CONSOLE_RPC.usersList)
  list(@Payload() req: C.ListConsoleUsersRequest) {
    return counted(this.requests, CONSOLE_RPC.usersList, this.console.list(req));
  }

  @MessagePattern(CONSOLE_RPC.usersCreate)
  create(@Payload() req: C.CreateConsoleUserRequest) {
    return counted(this.requests, CONSOLE_RPC.usersCreate, this.console.create(req));
  }

  @MessagePattern(CONSOLE_RPC.stats)
  stats(@Payload() req: C.StatsRequest) {
    return counted(this.requests, CONSOLE_RPC.stats, this.console.stats(req));
  }

  @MessagePattern(CONSOLE_RPC.usersUpdate)
  update(@Payload() req: C.UpdateConsoleUserRequest) {
    return counted(this.requests, CONSOLE_RPC.usersUpdate, this.console.update(req));
  }
}
