import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { LIFECYCLE_RPC, RPC, RpcHandler } from '@sesame/messaging';
import { PublicTenantService } from './public-tenant.service';
import { TenantService } from './tenant.service';

/** RPC surface of tenants: creation, the operator's lifecycle (list, get, update, delete) and the public pages' view. */
@Controller()
export class TenantsRpcController {
  constructor(
    @Inject(TenantService) private readonly tenants: TenantService,
    @Inject(PublicTenantService) private readonly publicTenants: PublicTenantService,
  ) {}

  @RpcHandler(RPC.tenantsCreate)
  create(@Payload() req: C.CreateTenantRequest) {
    return this.tenants.create(req);
  }

  @RpcHandler(RPC.tenantsPublic)
  publicTenant(@Payload() req: C.PublicTenantRequest) {
    return this.publicTenants.publicTenant(req);
  }

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
