import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { RPC, RpcHandler } from '@sesame/messaging';
import { ApiKeyService } from './api-keys/api-key.service';
import { DevMailboxService } from './dev-mailbox/dev-mailbox.service';
import { LinkListService } from './links/link-list.service';
import { LinkService } from './links/link.service';
import { VerificationService } from './links/verification.service';
import { SignInService } from './sign-in/sign-in.service';
import { TenantService } from './tenants/tenant.service';

/** The token-service's RPC surface: one handler per pattern, each a thin call into a service. */
@Controller()
export class RpcController {
  constructor(
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(ApiKeyService) private readonly apiKeys: ApiKeyService,
    @Inject(LinkService) private readonly links: LinkService,
    @Inject(LinkListService) private readonly linkList: LinkListService,
    @Inject(VerificationService) private readonly verification: VerificationService,
    @Inject(DevMailboxService) private readonly devMailbox: DevMailboxService,
    @Inject(SignInService) private readonly signIn: SignInService,
  ) {}

  private count<T>(pattern: string, result: Promise<T>): Promise<T> {
    return result;
  }

  @RpcHandler(RPC.tenantsCreate)
  createTenant(@Payload() req: C.CreateTenantRequest) {
    return this.tenants.create(req);
  }

  @RpcHandler(RPC.apiKeysCreate)
  createApiKey(@Payload() req: C.CreateApiKeyRequest) {
    return this.apiKeys.create(req);
  }

  @RpcHandler(RPC.apiKeysResolve)
  resolveApiKey(@Payload() req: C.ResolveApiKeyRequest) {
    return this.apiKeys.resolve(req);
  }

  @RpcHandler(RPC.linksCreate)
  createLink(@Payload() req: C.CreateLinkRequest) {
    return this.links.create(req);
  }

  @RpcHandler(RPC.linksGet)
  getLink(@Payload() req: C.GetLinkRequest) {
    return this.links.get(req.tenantId, req.id);
  }

  @RpcHandler(RPC.linksList)
  listLinks(@Payload() req: C.ListLinksRequest) {
    return this.linkList.list(req);
  }

  @RpcHandler(RPC.linksRevoke)
  revokeLink(@Payload() req: C.RevokeLinkRequest) {
    return this.linkList.revoke(req);
  }

  @RpcHandler(RPC.linksLatestForUser)
  latestLinkForUser(@Payload() req: C.LatestLinkForUserRequest) {
    return this.linkList.latestForUser(req);
  }

  @RpcHandler(RPC.linksRevokeForUser)
  revokeLinksForUser(@Payload() req: C.RevokeLinksForUserRequest) {
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

  @RpcHandler(RPC.devMailboxList)
  listDevMailbox(@Payload() req: C.DevMailboxListRequest) {
    return this.devMailbox.list(req);
  }

  @RpcHandler(RPC.devMailboxGet)
  getDevMailboxMessage(@Payload() req: C.DevMailboxGetRequest) {
    return this.devMailbox.get(req);
  }

  @RpcHandler(RPC.tenantsPublic)
  publicTenant(@Payload() req: C.PublicTenantRequest) {
    return this.signIn.publicTenant(req);
  }

  @RpcHandler(RPC.signInRequest)
  signInRequest(@Payload() req: C.SignInRequest) {
    return this.signIn.request(req);
  }

  @RpcHandler(RPC.signInStatus)
  signInStatus(@Payload() req: C.SignInStatusRequest) {
    return this.signIn.status(req);
  }

  @RpcHandler(RPC.signInCode)
  signInCode(@Payload() req: C.SignInCodeRequest) {
    return this.signIn.code(req);
  }

  @RpcHandler(RPC.linksCheckBinding)
  checkBinding(@Payload() req: C.ConsumeLinkRequest) {
    return this.verification.checkBinding(req).then(() => ({ ok: true }));
  }
}
