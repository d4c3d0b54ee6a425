import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { LIFECYCLE_RPC } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { ApiKeyService } from './api-key.service';

/** RPC surface of a tenant's API key lifecycle: list, revoke, rotate. */
@Controller()
export class ApiKeysRpcController {
  constructor(
    @Inject(ApiKeyService) private readonly apiKeys: ApiKeyService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  @MessagePattern(LIFECYCLE_RPC.apiKeysList)
  list(@Payload() req: C.ListApiKeysRequest) {
    return counted(this.requests, LIFECYCLE_RPC.apiKeysList, this.apiKeys.list(req));
  }

  @MessagePattern(LIFECYCLE_RPC.apiKeysRevoke)
  revoke(@Payload() req: C.RevokeApiKeyRequest) {
    return counted(this.requests, LIFECYCLE_RPC.apiKeysRevoke, this.apiKeys.revoke(req).then(() => ({ revoked: true })));
  }

  @MessagePattern(LIFECYCLE_RPC.apiKeysRotate)
  rotate(@Payload() req: C.RotateApiKeyRequest) {
    return counted(this.requests, LIFECYCLE_RPC.apiKeysRotate, this.apiKeys.rotate(req));
  }
}
