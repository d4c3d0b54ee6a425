import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { PROVIDER_RPC as P, RpcHandler } from '@sesame/messaging';
import { MailProviderService } from './mail-provider.service';

/** RPC surface of a tenant's transports (/v1/providers). */
@Controller()
export class ProvidersRpcController {
  constructor(
    @Inject(MailProviderService) private readonly providers: MailProviderService,
  ) {}

  @RpcHandler(P.providersList)
  list(@Payload() req: C.ListProvidersRequest) {
    return this.providers.list(req);
  }

  @RpcHandler(P.providersGet)
  get(@Payload() req: C.ProviderRef) {
    return this.providers.get(req);
  }

  @RpcHandler(P.providersPut)
  put(@Payload() req: C.PutProviderRequest) {
    return this.providers.put(req);
  }

  @RpcHandler(P.providersDelete)
  async delete(@Payload() req: C.DeleteProviderRequest) {
    await this.providers.delete(req);
    return { deleted: true };
  }
}
