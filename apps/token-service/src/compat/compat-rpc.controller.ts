import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import { COMPAT_RPC, PassageCreateMagicLinkRequest } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { PassageLinkService } from './passage-link.service';

/** RPC surface of vendor-compatible operations that are more than one native call. */
@Controller()
export class CompatRpcController {
  constructor(
    @Inject(PassageLinkService) private readonly passage: PassageLinkService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  @MessagePattern(COMPAT_RPC.passageCreateMagicLink)
  passageCreateMagicLink(@Payload() req: PassageCreateMagicLinkRequest) {
    return counted(this.requests, COMPAT_RPC.passageCreateMagicLink, this.passage.create(req));
  }
}
