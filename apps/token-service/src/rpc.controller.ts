import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { RPC } from '@sesame/messaging';
import { ApiKeyService } from './api-keys/api-key.service';
import { DevMailboxService } from './dev-mailbox/dev-mailbox.service';
import { LinkListService } from './links/link-list.service';
import { LinkService } from './links/link.service';
import { VerificationService } from './links/verification.service';
import { counted, RPC_REQUESTS } from './metrics.providers';
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
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  private count<T>(pattern: string, result: Promise<T>): Promise<T> {
    return counted(this.requests, pattern, result);
  }

  @MessagePattern(RPC.tenantsCreate)
  createTenant(@Payload() req: C.CreateTenantRequest) {
    return this.count(RPC.tenantsCreate, this.tenants.create(req));
  }

  @MessagePattern(RPC.apiKeysCreate)
  createApiKey(@Payload() req: C.CreateApiKeyRequest) {
    return this.count(RPC.apiKeysCreate, this.apiKeys.create(req));
  }

  @MessagePattern(RPC.apiKeysResolve)
  resolveApiKey(@Payload() req: C.ResolveApiKeyRequest) {
    return this.count(RPC.apiKeysResolve, this.apiKeys.resolve(req));
  }

  @MessagePattern(RPC.linksCreate)
  createLink(@Payload() req: C.CreateLinkRequest) {
    return this.count(RPC.linksCreate, this.links.create(req));
  }

  @MessagePattern(RPC.linksGet)
  getLink(@Payload() req: C.GetLinkRequest) {
    return this.count(RPC.linksGet, this.links.get(req.tenantId, req.id));
  }

  @MessagePattern(RPC.linksList)
  listLinks(@Payload() req: C.ListLinksRequest) {
    return this.count(RPC.linksList, this.linkList.list(req));
  }

  @MessagePattern(RPC.linksRevoke)
  revokeLink(@Payload() req: C.RevokeLinkRequest) {
    return this.count(RPC.linksRevoke, this.linkList.revoke(req));
  }

  @MessagePattern(RPC.linksLatestForUser)
  latestLinkForUser(@Payload() req: C.LatestLinkForUserRequest) {
    return this.count(RPC.linksLatestForUser, this.linkList.latestForUser(req));
  }

  @MessagePattern(RPC.linksRevokeForUser)
  revokeLinksForUser(@Payload() req: C.RevokeLinksForUserRequest) {
    return this.count(RPC.linksRevokeForUser, this.linkList.revokeForUser(req));
  }

  @MessagePattern(RPC.linksAuthenticate)
  authenticate(@Payload() req: C.AuthenticateRequest) {
    return this.count(RPC.linksAuthenticate, this.verification.authenticate(req));
  }

  @MessagePattern(RPC.linksPeek)
  peek(@Payload() req: C.PeekLinkRequest) {
    return this.count(RPC.linksPeek, this.verification.peek(req));
  }

  @MessagePattern(RPC.linksConsume)
  consume(@Payload() req: C.ConsumeLinkRequest) {
    return this.count(RPC.linksConsume, this.verification.consume(req));
  }

  @MessagePattern(RPC.linksExchange)
  exchange(@Payload() req: C.ExchangeCodeRequest) {
    return this.count(RPC.linksExchange, this.verification.exchange(req));
  }

  @MessagePattern(RPC.devMailboxList)
  listDevMailbox(@Payload() req: C.DevMailboxListRequest) {
    return this.count(RPC.devMailboxList, this.devMailbox.list(req));
  }

  @MessagePattern(RPC.devMailboxGet)
  getDevMailboxMessage(@Payload() req: C.DevMailboxGetRequest) {
    return this.count(RPC.devMailboxGet, this.devMailbox.get(req));
  }

  @MessagePattern(RPC.tenantsPublic)
  publicTenant(@Payload() req: C.PublicTenantRequest) {
    return this.count(RPC.tenantsPublic, this.signIn.publicTenant(req));
  }

  @MessagePattern(RPC.signInRequest)
  signInRequest(@Payload() req: C.SignInRequest) {
    return this.count(RPC.signInRequest, this.signIn.request(req));
  }

  @MessagePattern(RPC.signInStatus)
  signInStatus(@Payload() req: C.SignInStatusRequest) {
    return this.count(RPC.signInStatus, this.signIn.status(req));
  }

  @MessagePattern(RPC.signInCode)
  signInCode(@Payload() req: C.SignInCodeRequest) {
    return this.count(RPC.signInCode, this.signIn.code(req));
  }

  @MessagePattern(RPC.linksCheckBinding)
  checkBinding(@Payload() req: C.ConsumeLinkRequest) {
    return this.count(RPC.linksCheckBinding, this.verification.checkBinding(req).then(() => ({ ok: true })));
  }
}
