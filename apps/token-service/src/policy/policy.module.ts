import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { PolicyService } from './policy.service';
import { PolicyRpcController } from './policy.rpc-controller';

/** A tenant's policy (libs/domain/src/policy), read and merge-patched. */
@Module({
  imports: [TenantsModule],
  controllers: [PolicyRpcController],
  providers: [PolicyService],
})
export class PolicyModule {}
