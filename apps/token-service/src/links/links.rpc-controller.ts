import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { RPC, RpcHandler } from '@sesame/messaging';
import { LinkService } from './link.service';
import { LinkListService } from './link-list.service';
import { VerificationService } from './verification.service';

/** RPC surface of magic links: create, read, revoke, and their use (authenticate, hosted page, exchange). */
@Controller()
export class LinksRpcController {
  constructor(
    @Inject(LinkService) private readonly links: LinkService,
    @Inject(LinkListService) private readonly linkList: LinkListService,
    @Inject(VerificationService) private readonly verification: VerificationService,
  ) {}

  @RpcHandler(RPC.linksCreate)
  create(@Payload() req: C.CreateLinkRequest) {
    return this.links.create(req);
  }

  @RpcHandler(RPC.linksGet)
  get(@Payload() req: C.GetLinkRequest) {
    return this.links.get(req.tenantId, req.id);
  }

  @RpcHandler(RPC.linksList)
  list(@Payload() req: C.ListLinksRequest) {
    return this.linkList.list(req);
  }

  @RpcHandler(RPC.linksRevoke)
  revoke(@Payload() req: C.RevokeLinkRequest) {
    return this.linkList.revoke(req);
  }

  @RpcHandler(RPC.linksLatestForUser)
  latestForUser(@Payload() req: C.LatestLinkForUserRequest) {
    return this.linkList.latestForUser(req);
  }

  @RpcHandler(RPC.linksRevokeForUser)
  revokeForUser(@Payload() req: C.RevokeLinksForUserRequest) {
    return this.linkList.revokeForUser(req);
  }

  @RpcHandler(RPC.linksAuthenticate)
  authenticate(@Payload() req: C.AuthenticateRequest) {
    return this.verification.authenticate(req);
  }

  @RpcHandler(RPC.linksPeek)
  peek(@Payload() req: C.PeekLinkRequest) {
    return this.verification.peek(req);
  }

  @RpcHandler(RPC.linksConsume)
  consume(@Payload() req: C.ConsumeLinkRequest) {
    return this.verification.consume(req);
  }

  @RpcHandler(RPC.linksExchange)
  exchange(@Payload() req: C.ExchangeCodeRequest) {
    return this.verification.exchange(req);
  }

  @RpcHandler(RPC.linksCheckBinding)
  checkBinding(@Payload() req: C.ConsumeLinkRequest) {
    return this.verification.checkBinding(req).then(() => ({ ok: true }));
  }
}
