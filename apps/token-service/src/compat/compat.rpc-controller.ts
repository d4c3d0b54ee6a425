import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { COMPAT_RPC, PassageCreateMagicLinkRequest, RpcHandler } from '@sesame/messaging';
import { PassageLinkService } from './passage-link.service';

/** RPC surface of vendor-compatible operations that are more than one native call. */
@Controller()
export class CompatRpcController {
  constructor(
    @Inject(PassageLinkService) private readonly passage: PassageLinkService,
  ) {}

  @RpcHandler(COMPAT_RPC.passageCreateMagicLink)
  passageCreateMagicLink(@Payload() req: PassageCreateMagicLinkRequest) {
    return this.passage.create(req);
  }
}
