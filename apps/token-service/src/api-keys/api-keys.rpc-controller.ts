import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { LIFECYCLE_RPC, RPC, RpcHandler } from '@sesame/messaging';
import { ApiKeyService } from './api-key.service';

/** RPC surface of API keys: creation, the gateway's lookup of a presented key, and the lifecycle (list, revoke, rotate). */
@Controller()
export class ApiKeysRpcController {
  constructor(
    @Inject(ApiKeyService) private readonly apiKeys: ApiKeyService,
  ) {}

  @RpcHandler(RPC.apiKeysCreate)
  create(@Payload() req: C.CreateApiKeyRequest) {
    return this.apiKeys.create(req);
  }

  @RpcHandler(RPC.apiKeysResolve)
  resolve(@Payload() req: C.ResolveApiKeyRequest) {
    return this.apiKeys.resolve(req);
  }

  @RpcHandler(LIFECYCLE_RPC.apiKeysList)
  list(@Payload() req: C.ListApiKeysRequest) {
    return this.apiKeys.list(req);
  }

  @RpcHandler(LIFECYCLE_RPC.apiKeysRevoke)
  revoke(@Payload() req: C.RevokeApiKeyRequest) {
    return this.apiKeys.revoke(req).then(() => ({ revoked: true }));
  }

  @RpcHandler(LIFECYCLE_RPC.apiKeysRotate)
  rotate(@Payload() req: C.RotateApiKeyRequest) {
    return this.apiKeys.rotate(req);
  }
}
