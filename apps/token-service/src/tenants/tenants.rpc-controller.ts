import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { LIFECYCLE_RPC, RpcHandler } from '@sesame/messaging';
import { TenantService } from './tenant.service';

/** RPC surface of the operator's tenant lifecycle: list, get, update (rename, disable), delete. */
@Controller()
export class TenantsRpcController {
  constructor(
    @Inject(TenantService) private readonly tenants: TenantService,
  ) {}

  @RpcHandler(LIFECYCLE_RPC.tenantsList)
  list(@Payload() req: C.ListTenantsRequest) {
    return this.tenants.list(req);
  }

  @RpcHandler(LIFECYCLE_RPC.tenantsGet)
  get(@Payload() req: C.GetTenantRequest) {
    return this.tenants.get(req);
  }

  @RpcHandler(LIFECYCLE_RPC.tenantsUpdate)
  update(@Payload() req: C.UpdateTenantRequest) {
    return this.tenants.update(req);
  }

  @RpcHandler(LIFECYCLE_RPC.tenantsDelete)
  delete(@Payload() req: C.DeleteTenantRequest) {
    return this.tenants.delete(req);
  }
}
