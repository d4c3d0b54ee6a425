import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { LIFECYCLE_RPC } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { TenantService } from './tenant.service';

/** RPC surface of the operator's tenant lifecycle: list, get, update (rename, disable), delete. */
@Controller()
export class TenantsRpcController {
  constructor(
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  @MessagePattern(LIFECYCLE_RPC.tenantsList)
  list(@Payload() req: C.ListTenantsRequest) {
    return counted(this.requests, LIFECYCLE_RPC.tenantsList, this.tenants.list(req));
  }

  @MessagePattern(LIFECYCLE_RPC.tenantsGet)
  get(@Payload() req: C.GetTenantRequest) {
    return counted(this.requests, LIFECYCLE_RPC.tenantsGet, this.tenants.get(req));
  }

  @MessagePattern(LIFECYCLE_RPC.tenantsUpdate)
  update(@Payload() req: C.UpdateTenantRequest) {
    return counted(this.requests, LIFECYCLE_RPC.tenantsUpdate, this.tenants.update(req));
  }

  @MessagePattern(LIFECYCLE_RPC.tenantsDelete)
  delete(@Payload() req: C.DeleteTenantRequest) {
    return counted(this.requests, LIFECYCLE_RPC.tenantsDelete, this.tenants.delete(req));
  }
}
