import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { PROVIDER_RPC as P } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { MailProviderService } from './mail-provider.service';

/** RPC surface of a tenant's transports (/v1/providers). */
@Controller()
export class ProvidersRpcController {
  constructor(
    @Inject(MailProviderService) private readonly providers: MailProviderService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  private count<T>(pattern: string, result: Promise<T>): Promise<T> {
    return counted(this.requests, pattern, result);
  }

  @MessagePattern(P.providersList)
  list(@Payload() req: C.ListProvidersRequest) {
    return this.count(P.providersList, this.providers.list(req));
  }

  @MessagePattern(P.providersGet)
  get(@Payload() req: C.ProviderRef) {
    return this.count(P.providersGet, this.providers.get(req));
  }

  @MessagePattern(P.providersPut)
  put(@Payload() req: C.PutProviderRequest) {
    return this.count(P.providersPut, this.providers.put(req));
  }

  @MessagePattern(P.providersDelete)
  async delete(@Payload() req: C.DeleteProviderRequest) {
    await this.count(P.providersDelete, this.providers.delete(req));
    return { deleted: true };
  }
}
