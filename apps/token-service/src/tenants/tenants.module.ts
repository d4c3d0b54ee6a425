import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { TenantRepository } from './tenant.repository';
import { TenantActivityRepository } from './tenant-activity.repository';
import { TenantService } from './tenant.service';
import { PublicTenantService } from './public-tenant.service';
import { TenantsRpcController } from './tenants.rpc-controller';

/** Tenants: creation (with their first key), the operator lifecycle and the public view. */
@Module({
  imports: [ApiKeysModule],
  controllers: [TenantsRpcController],
  providers: [TenantRepository, TenantActivityRepository, TenantService, PublicTenantService],
  exports: [TenantRepository],
})
export class TenantsModule {}
