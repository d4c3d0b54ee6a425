import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { RPC, RpcHandler } from '@sesame/messaging';
import { SignInService } from './sign-in.service';

/** RPC surface of public sign-in requests: the request, its status poll and its 6-digit code. */
@Controller()
export class SignInRpcController {
  constructor(
    @Inject(SignInService) private readonly signIn: SignInService,
  ) {}

  @RpcHandler(RPC.signInRequest)
  request(@Payload() req: C.SignInRequest) {
    return this.signIn.request(req);
  }

  @RpcHandler(RPC.signInStatus)
  status(@Payload() req: C.SignInStatusRequest) {
    return this.signIn.status(req);
  }

  @RpcHandler(RPC.signInCode)
  code(@Payload() req: C.SignInCodeRequest) {
    return this.signIn.code(req);
  }
}
